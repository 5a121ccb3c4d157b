package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** doctor: read-only pass / warn / fail checks with their fixes. */
class DoctorTest extends OperatorOverStandIn {

    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:cognito-oidc-merge";

    @Test
    void aWellConfiguredPoolPassesAndDoctorChangesNothing() {
        // GIVEN the trigger attached, a minimal Descope mapping with the subject attribute, a case-insensitive pool
        standIn.describePool(FUNCTION, List.of("email"), false);
        standIn.addIdentityProvider("Descope", Map.of("email", "email", "email_verified", "email_verified",
                "username", "sub", "custom:idp_sub", "sub"));
        standIn.addUser(confirmed("native-ann", "ann@example.com"));
        String before = standIn.snapshot();

        // WHEN doctor runs
        Run run = operator("doctor");

        // THEN every check passes and nothing changed
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.lines()).extracting(line -> line.path("status").asText()).containsOnly("pass");
        assertThat(check(run, "pre-sign-up-trigger").path("detail").asText()).contains(FUNCTION);
        assertThat(standIn.snapshot()).isEqualTo(before);
        assertThat(standIn.calls()).extracting(call -> call.operation())
                .containsOnly("DescribeUserPool", "DescribeIdentityProvider", "ListUsers");
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
        assertThat(run.stdout()).contains("-> fix:");
    }

    @Test
    void aMissingProviderFails() {
        standIn.describePool(FUNCTION, List.of(), true);

        Run run = operator("doctor", "--provider-names", "Descope,Okta");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(check(run, "provider Okta").path("status").asText()).isEqualTo("fail");
        assertThat(check(run, "provider Okta").path("detail").asText()).contains("no identity provider named Okta");
    }

    private static JsonNode check(Run run, String name) {
        return run.lines().stream().filter(line -> name.equals(line.path("check").asText())).findFirst().orElseThrow();
    }
}
