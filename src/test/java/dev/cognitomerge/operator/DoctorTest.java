package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** doctor: read-only pass / warn / fail checks with their fixes. */
class DoctorTest extends OperatorOverStandIn {

    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:cognito-oidc-merge";

    /** A pool set up as the Terraform modules set it up: trigger, minimal mapping, both attributes, strict client. */
    void wellConfiguredPool() {
        standIn.describePool(FUNCTION, List.of("email"), false);
        standIn.addIdentityProvider("Descope", Map.of("email", "email", "email_verified", "email_verified",
                "username", "sub", "custom:idp_sub", "sub"));
        standIn.addCustomAttribute("custom:merge_unlinked", true, 2048);
        standIn.addCustomAttribute("custom:merge_created", true, 2048);
        standIn.addAppClient("client1", "web", List.of("email", "name"));
    }

    @Test
    void aWellConfiguredPoolPassesAndDoctorChangesNothing() {
        // GIVEN the trigger attached, a minimal Descope mapping with the subject attribute, a case-insensitive pool,
        // both custom attributes and an app client that cannot write them
        wellConfiguredPool();
        standIn.addUser(confirmed("native-ann", "ann@example.com"));
        String before = standIn.snapshot();

        // WHEN doctor runs
        Run run = operator("doctor");

        // THEN every check passes and nothing changed
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(checks(run)).extracting(line -> line.path("status").asText()).containsOnly("pass");
        assertThat(check(run, "pre-sign-up-trigger").path("detail").asText()).contains(FUNCTION);
        assertThat(run.summary().path("result").asText()).isEqualTo("pass");
        assertThat(standIn.snapshot()).isEqualTo(before);
        assertThat(standIn.calls()).extracting(call -> call.operation())
                .containsOnly("DescribeUserPool", "ListIdentityProviders", "DescribeIdentityProvider", "ListUserPoolClients",
                        "DescribeUserPoolClient", "ListUsers");
    }

    @Test
    void aPoolWithoutTriggerOrEmailVerifiedMappingFailsWithTheFixes() {
        // GIVEN no trigger, a mapping without email_verified that also maps name, and a split account
        standIn.describePool(null, List.of(), false);
        standIn.addIdentityProvider("Descope", Map.of("email", "email", "name", "name"));
        seedMixedPool();

        // WHEN doctor runs
        Run run = operator("doctor");

        // THEN it exits non-zero; each failing or warning check says how to fix it
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(check(run, "pre-sign-up-trigger").path("status").asText()).isEqualTo("fail");
        assertThat(check(run, "pre-sign-up-trigger").path("fix").asText()).contains("Pre sign-up trigger");
        assertThat(check(run, "provider Descope mapping").path("status").asText()).isEqualTo("fail");
        assertThat(check(run, "provider Descope mapping").path("fix").asText()).contains("email_verified");
        assertThat(check(run, "provider Descope overwrites").path("status").asText()).isEqualTo("warn");
        assertThat(check(run, "provider Descope overwrites").path("detail").asText()).contains("name");
        assertThat(check(run, "username-case").path("status").asText()).isEqualTo("warn");
        assertThat(check(run, "split-accounts").path("status").asText()).isEqualTo("warn");
        assertThat(check(run, "split-accounts").path("detail").asText()).contains("repairable 2");
        assertThat(run.summary().path("result").asText()).isEqualTo("fail");
    }

    @Test
    void inTableModeEachFailureShowsItsFixOnStdout() {
        standIn.removeCustomAttribute("custom:merge_unlinked");
        standIn.describePool(null, List.of(), false);
        standIn.addIdentityProvider("Descope", Map.of("email", "email", "email_verified", "email_verified"));

        Run run = operator("doctor", "--output", "table");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("status", "check", "detail", "-> fix:").containsPattern("fail +pre-sign-up-trigger")
                .doesNotContain("{\"");
    }

    @Test
    void aMissingProviderFails() {
        standIn.describePool(FUNCTION, List.of(), true);

        Run run = operator("doctor", "--provider-names", "Descope,Okta");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(check(run, "provider Okta").path("status").asText()).isEqualTo("fail");
        assertThat(check(run, "provider Okta").path("detail").asText()).contains("no identity provider named Okta");
    }

    @Test
    void aPoolWithoutTheUnlinkedAttributeFailsBecauseAnUnlinkWouldNotStick() {
        // GIVEN an otherwise well-configured pool whose schema lacks custom:merge_unlinked (made before it existed)
        standIn.removeCustomAttribute("custom:merge_unlinked");
        standIn.removeCustomAttribute("custom:merge_created");
        standIn.describePool(FUNCTION, List.of("email"), false);
        standIn.addIdentityProvider("Descope", Map.of("email", "email", "email_verified", "email_verified",
                "custom:idp_sub", "sub"));
        standIn.addAppClient("client1", "web", List.of("email"));

        // WHEN doctor runs
        Run run = operator("doctor", "--when-no-native-user", "continue");

        // THEN that check fails, says why and how to add the attribute to an existing pool
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode unlinked = check(run, "schema custom:merge_unlinked");
        assertThat(unlinked.path("status").asText()).isEqualTo("fail");
        assertThat(unlinked.path("detail").asText()).contains("unlink cannot record");
        assertThat(unlinked.path("fix").asText()).contains("aws cognito-idp add-custom-attributes",
                "Name=merge_unlinked", "Mutable=true", "MaxLength=2048");
        assertThat(check(run, "schema custom:merge_created").path("status").asText()).isEqualTo("pass");
    }

    @Test
    void theCreatedAttributeMattersOnlyWithCreateAndLinkAndAnUnknownModeIsAWarning() {
        // GIVEN a pool with custom:merge_unlinked but not custom:merge_created
        standIn.removeCustomAttribute("custom:merge_created");
        standIn.describePool(FUNCTION, List.of("email"), false);
        standIn.addIdentityProvider("Descope", Map.of("email", "email", "email_verified", "email_verified",
                "custom:idp_sub", "sub"));
        standIn.addCustomAttribute("custom:merge_unlinked", true, 2048);

        // WHEN doctor is told each mode, and none
        Run unknown = operator("doctor");
        Run continues = operator("doctor", "--when-no-native-user", "continue");
        Run creates = operator("doctor", "--when-no-native-user", "create-and-link");

        // THEN not told: warn (never a pass it cannot know); continue: pass; create-and-link: fail
        assertThat(check(unknown, "schema custom:merge_created").path("status").asText()).isEqualTo("warn");
        assertThat(check(unknown, "schema custom:merge_created").path("fix").asText()).contains("--when-no-native-user");
        assertThat(check(continues, "schema custom:merge_created").path("status").asText()).isEqualTo("pass");
        assertThat(check(creates, "schema custom:merge_created").path("status").asText()).isEqualTo("fail");
        assertThat(creates.exitCode()).isEqualTo(1);
    }

    @Test
    void anImmutableUnlinkedAttributeFails() {
        wellConfiguredPool();
        standIn.reset();
        standIn.describePool(FUNCTION, List.of("email"), false);
        standIn.addIdentityProvider("Descope", Map.of("email", "email", "email_verified", "email_verified",
                "custom:idp_sub", "sub"));
        standIn.addCustomAttribute("custom:merge_unlinked", false, 256);

        Run run = operator("doctor", "--when-no-native-user", "continue");

        assertThat(check(run, "schema custom:merge_unlinked").path("status").asText()).isEqualTo("fail");
        assertThat(check(run, "schema custom:merge_unlinked").path("detail").asText()).contains("immutable",
                "max length 256");
    }

    @Test
    void anAppClientThatCanWriteTheRecordFailsAndOneWithoutItsOwnListWarns() {
        // GIVEN a hostile client that may write custom:merge_unlinked (a person could clear their own unlink), and
        // a client with Cognito's default write set
        wellConfiguredPool();
        standIn.addAppClient("client2", "mobile", List.of("email", "custom:merge_unlinked"));
        standIn.addAppClient("client3", "legacy", List.of());

        Run run = operator("doctor");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(check(run, "app client mobile (client2)").path("status").asText()).isEqualTo("fail");
        assertThat(check(run, "app client mobile (client2)").path("fix").asText()).contains("custom:merge_unlinked");
        assertThat(check(run, "app client legacy (client3)").path("status").asText()).isEqualTo("warn");
        assertThat(check(run, "app client web (client1)").path("status").asText()).isEqualTo("pass");
    }

    @Test
    void anyIdentityProviderMappingOntoTheRecordFails() {
        // GIVEN a second provider (not one the function links) that maps a claim onto custom:merge_created
        wellConfiguredPool();
        standIn.addIdentityProvider("Okta", Map.of("email", "email", "custom:merge_created", "sub"));

        Run run = operator("doctor");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode mapping = check(run, "provider mappings of custom:merge_*");
        assertThat(mapping.path("status").asText()).isEqualTo("fail");
        assertThat(mapping.path("detail").asText()).contains("Okta maps custom:merge_created");
    }

    @Test
    void theSplitAccountCountIncludesProfilesWhoseEmailTheIdpDidNotVerify() {
        // GIVEN one split account whose federated email is unverified, and one federated user with no native twin
        wellConfiguredPool();
        standIn.addUser(confirmed("native-gus", "gus@example.com"));
        standIn.addUser(federated("gus", "gus@example.com", false));
        standIn.addUser(federated("hal", "hal@example.com", true));

        Run run = operator("doctor");

        JsonNode split = check(run, "split-accounts");
        assertThat(split.path("status").asText()).isEqualTo("warn");
        assertThat(split.path("detail").asText()).startsWith("1 federated-only users share")
                .contains("federated-email-unverified 1", "no-native-user 1");
    }

    private static List<JsonNode> checks(Run run) {
        return run.lines().stream().filter(line -> line.has("check")).toList();
    }

    private static JsonNode check(Run run, String name) {
        return checks(run).stream().filter(line -> name.equals(line.path("check").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + run.stdout()));
    }
}
