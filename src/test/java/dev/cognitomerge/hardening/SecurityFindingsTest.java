package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.EnvironmentConfig;
import dev.cognitomerge.testing.Events;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks of issue 17's review, one each, through the real handler, the real SDK client and the stand-in (the
 * function wired by hand with {@code MERGE_*} variables, so each test sets exactly the settings of its attack).
 * Each was written before its fix and failed on the code of that time (docs/threat-model.md lists them).
 */
class SecurityFindingsTest {

    static final String POOL = "us-east-1_DevPool01";
    static final String NEW_SUBJECT = "U2nEwPeRs0nFeDeRaTeD1";
    static final String JANE_SUBJECT = "U2aBcDeF1gHiJkLmN0pQ";
    static final ObjectMapper JSON = new ObjectMapper();

    static CognitoStandIn standIn;
    DirectFunction function;

    @BeforeAll
    static void startStandIn() throws IOException {
        standIn = CognitoStandIn.start(POOL);
    }

    @AfterAll
    static void stopStandIn() {
        standIn.close();
    }

    @BeforeEach
    void resetPool() {
        standIn.reset();
    }

    @AfterEach
    void closeFunction() {
        if (function != null) {
            function.close();
        }
    }

    /** The function with these variables; AdminCreateUser's nested Pre sign-up invocation is answered by it too. */
    DirectFunction function(Map<String, String> variables) {
        function = new DirectFunction(standIn.endpoint(), EnvironmentConfig.of(variables));
        DirectFunction nested = function;
        standIn.onAdminCreateUser(event -> {
            DirectFunction.Answer answer = nested.invoke(event.toString().getBytes(StandardCharsets.UTF_8));
            if (answer.output() == null) {
                throw new IllegalStateException("nested invocation refused");
            }
        });
        return function;
    }

    static byte[] bytes(ObjectNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    JsonNode lastAudit() {
        List<String> lines = function.audit.lines();
        try {
            return JSON.readTree(lines.get(lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String marker(String provider, String subject) {
        return "{\"providerName\":\"" + provider + "\",\"userId\":\"" + subject + "\"}";
    }

    static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> variables = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put(pairs[i], pairs[i + 1]);
        }
        return variables;
    }

    static final Map<String, String> CREATE_AND_LINK = Map.of("MERGE_WHEN_NO_NATIVE_USER", "create-and-link");

    /** Finding 2: create-and-link marked an address the IdP never verified as verified (account pre-hijacking). */
    @Nested
    class PreHijacking {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", "MERGE_REQUIRE_VERIFIED_EMAIL"})
        void neverCreatesAVerifiedNativeUserForAnAddressTheIdpDidNotVerify(String verificationOff) {
            // GIVEN create-and-link and a provider whose verification the operator turned off
            DirectFunction fn = function(with(CREATE_AND_LINK, verificationOff, "false"));
            // WHEN an attacker signs in first with the victim's address and no email_verified claim
            ObjectNode event = Events.tree("federated-first");
            Events.attributes(event).remove("email_verified");

            DirectFunction.Answer answer = fn.invoke(bytes(event));

            // THEN no native user is created (Cognito makes the attacker's own federated profile as without the setting)
            assertThat(answer.output()).isNotNull();
            assertThat(standIn.calls("AdminCreateUser")).isEmpty();
            assertThat(lastAudit().path("reason").asText()).isEqualTo("unverified-not-created");
        }

        @Test
        void aProviderWhoseVerificationIsOffNeverCreatesEvenWhenItClaimsVerified() {
            DirectFunction fn = function(with(CREATE_AND_LINK, "MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", "false"));

            fn.invoke(bytes(Events.tree("federated-first")));

            assertThat(standIn.calls("AdminCreateUser")).isEmpty();
            assertThat(lastAudit().path("reason").asText()).isEqualTo("unverified-not-created");
            assertThat(fn.settings.providersThatNeverCreate()).containsExactly("Descope");
        }

        @Test
        void aProviderWhoseVerificationIsOffMayStillLinkToAnOwner() {
            standIn.addUser(StandInUser.confirmed("jane", "jane@example.com"));
            DirectFunction fn = function(with(CREATE_AND_LINK, "MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", "false"));
            ObjectNode event = Events.tree("link");
            Events.attributes(event).remove("email_verified");

            fn.invoke(bytes(event));

            assertThat(lastAudit().path("reason").asText()).isEqualTo("linked");
            assertThat(standIn.identities("jane")).hasSize(1);
        }

        @Test
        void theCreatedUsersVerifiedEmailComesOnlyFromTheIdpsAssertion() {
            DirectFunction fn = function(CREATE_AND_LINK);

            fn.invoke(bytes(Events.tree("federated-first")));

            RecordedCall create = standIn.calls("AdminCreateUser").get(0);
            assertThat(create.request().path("UserAttributes").toString()).contains("{\"Name\":\"email_verified\",\"Value\":\"true\"}");
            assertThat(lastAudit().path("reason").asText()).isEqualTo("created-and-linked");
        }
    }

    /** Finding 3: completing a half-done user went from the search straight to the password and the link. */
    @Nested
    class HalfDoneUsers {

        static final Map<String, String> GROUPS = with(CREATE_AND_LINK, "MERGE_PROTECTED_ACCOUNTS", "mfa-and-groups",
                "MERGE_PROTECTED_GROUPS", "admins");

        StandInUser halfDone(String username, Map<String, String> extra) {
            Map<String, String> attributes = new HashMap<>(Map.of("email", "New.Person@example.com",
                    "email_verified", "true"));
            attributes.putAll(extra);
            StandInUser user = new StandInUser(username, "FORCE_CHANGE_PASSWORD", true, attributes);
            standIn.addUser(user);
            return user;
        }

        @Test
        void neverCompletesItsOwnHalfDoneUserWhenItIsInAProtectedGroup() {
            // GIVEN the function's own half-done user, which an operator has since put in admins
            halfDone("u-ours", Map.of("custom:merge_created", marker("Descope", NEW_SUBJECT))).inGroups("admins");
            DirectFunction fn = function(GROUPS);

            // WHEN the retry of that first sign-in comes
            DirectFunction.Answer answer = fn.invoke(bytes(Events.tree("federated-first")));

            // THEN the owner inspection refuses it: no password is set, nothing is linked
            assertThat(answer.refusal()).isNotNull();
            assertThat(lastAudit().path("reason").asText()).isEqualTo("protected-account");
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .doesNotContain("AdminSetUserPassword", "AdminLinkProviderForUser")
                    .contains("AdminGetUser", "AdminListGroupsForUser");
            assertThat(standIn.user("u-ours").status()).isEqualTo("FORCE_CHANGE_PASSWORD");
        }

        @Test
        void neverCompletesAnOperatorsPendingInvitation() {
            // GIVEN an operator invited admin@ (FORCE_CHANGE_PASSWORD, verified, no marker)
            halfDone("invited-admin", Map.of()).inGroups("admins");
            DirectFunction fn = function(CREATE_AND_LINK);

            fn.invoke(bytes(Events.tree("federated-first")));

            assertThat(lastAudit().path("reason").asText()).isEqualTo("candidate-not-confirmed");
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .doesNotContain("AdminSetUserPassword", "AdminLinkProviderForUser", "AdminCreateUser");
        }

        @Test
        void neverCompletesAnotherIdentitysHalfDoneUser() {
            halfDone("u-theirs", Map.of("custom:merge_created", marker("Descope", "U2sOmEoNeElSe")));
            DirectFunction fn = function(CREATE_AND_LINK);

            fn.invoke(bytes(Events.tree("federated-first")));

            assertThat(lastAudit().path("reason").asText()).isEqualTo("candidate-not-confirmed");
            assertThat(standIn.user("u-theirs").status()).isEqualTo("FORCE_CHANGE_PASSWORD");
        }

        @Test
        void completesItsOwnUnprotectedHalfDoneUserAfterTheInspection() {
            halfDone("u-ours", Map.of("custom:merge_created", marker("Descope", NEW_SUBJECT)));
            DirectFunction fn = function(GROUPS);

            fn.invoke(bytes(Events.tree("federated-first")));

            assertThat(lastAudit().path("reason").asText()).isEqualTo("resumed-and-linked");
            assertThat(standIn.calls()).extracting(RecordedCall::operation).containsSubsequence("AdminGetUser",
                    "AdminListGroupsForUser", "AdminSetUserPassword", "AdminLinkProviderForUser");
        }
    }

    /** Finding 4 (trigger side): after unlink, the identity's next sign-in was linked straight back. */
    @Nested
    class UnlinkThatSticks {

        @ParameterizedTest(name = "recorded as {0}")
        @ValueSource(strings = {"Descope", "descope"})
        void neverLinksBackAnIdentityTheOperatorUnlinked(String recordedProvider) {
            // GIVEN Jane, from whom an operator unlinked this Descope identity
            standIn.addUser(new StandInUser("jane", "CONFIRMED", true, Map.of("email", "jane@example.com",
                    "email_verified", "true", "custom:merge_unlinked", "[" + marker(recordedProvider, JANE_SUBJECT) + "]")));
            DirectFunction fn = function(Map.of());

            // WHEN that identity signs in again
            DirectFunction.Answer answer = fn.invoke(bytes(Events.tree("link")));

            // THEN the event continues (Cognito makes a fresh federated profile) and nothing is linked
            assertThat(answer.output()).isNotNull();
            assertThat(lastAudit().path("outcome").asText()).isEqualTo("continued");
            assertThat(lastAudit().path("reason").asText()).isEqualTo("unlinked-by-operator");
            assertThat(lastAudit().path("destination").asText()).isEqualTo("jane");
            assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
            assertThat(standIn.calls("ListUsers")).hasSize(1);
        }

        @ParameterizedTest(name = "record {0}")
        @ValueSource(strings = {"not json", "{\"providerName\":\"Descope\"}", "[{\"providerName\":\"Descope\"}]", "[42]"})
        void anUnlinkRecordThatCannotBeReadStillKeepsTheIdentityAway(String record) {
            // GIVEN Jane, whose unlink record was damaged (only IAM-authorised calls can write it)
            standIn.addUser(new StandInUser("jane", "CONFIRMED", true, Map.of("email", "jane@example.com",
                    "email_verified", "true", "custom:merge_unlinked", record)));
            DirectFunction fn = function(Map.of());

            // WHEN an identity signs in with her email
            fn.invoke(bytes(Events.tree("link")));

            // THEN it fails closed: no link, as if the record listed the identity
            assertThat(lastAudit().path("reason").asText()).isEqualTo("unlinked-by-operator");
            assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        }

        @Test
        void anotherSubjectOfTheProviderIsNotCoveredByTheRecord() {
            standIn.addUser(new StandInUser("jane", "CONFIRMED", true, Map.of("email", "jane@example.com",
                    "email_verified", "true", "custom:merge_unlinked", "[" + marker("Descope", "U2oThEr") + "]")));
            DirectFunction fn = function(Map.of());

            fn.invoke(bytes(Events.tree("link")));

            assertThat(lastAudit().path("reason").asText()).isEqualTo("linked");
        }
    }

    /** Finding 8: control flow on AWS message text. */
    @Nested
    class NoControlFlowOnMessageText {

        @Test
        void createsInAPoolWhoseUsernameMayBeAnEmailOrAPhoneNumber() {
            // GIVEN a pool that answers a non-email username with moto's sentence, not Cognito's
            standIn.usernameAttributes("email", "phone_number");
            DirectFunction fn = function(CREATE_AND_LINK);

            fn.invoke(bytes(Events.tree("federated-first")));

            // THEN the shape comes from DescribeUserPool, and the create takes the email at the first try
            assertThat(lastAudit().path("reason").asText()).isEqualTo("created-and-linked");
            assertThat(standIn.calls("AdminCreateUser")).hasSize(1)
                    .allSatisfy(call -> assertThat(call.request().path("Username").asText())
                            .isEqualTo("New.Person@example.com"));
        }

        @Test
        void readsThePoolShapeOncePerInstance() {
            standIn.usernameAttributesEmail(true);
            DirectFunction fn = function(CREATE_AND_LINK);
            ObjectNode second = Events.tree("federated-first");
            second.put("userName", "Descope_U2sEcOnD");
            Events.attributes(second).put("email", "second@example.com");

            fn.invoke(bytes(Events.tree("federated-first")));
            fn.invoke(bytes(second));

            assertThat(standIn.calls("DescribeUserPool")).hasSize(1);
            assertThat(standIn.calls("AdminCreateUser")).hasSize(2);
        }

        @ParameterizedTest(name = "Cognito says: {0}")
        @ValueSource(strings = {"SourceUser is already linked to DestinationUser", "Invalid SourceUser",
                "Das Konto ist bereits verknüpft."})
        void tellsARedeliveredLinkFromTheUsersIdentitiesWhateverTheWording(String wording) {
            // GIVEN a link whose first answer is lost: the SDK's retry meets Cognito's "already linked" refusal
            standIn.addUser(StandInUser.confirmed("jane", "jane@example.com"));
            standIn.alreadyLinkedMessage(wording);
            standIn.script("AdminLinkProviderForUser", new Fault.DelayedAnswer(java.time.Duration.ofMillis(1700)));
            DirectFunction fn = function(Map.of("MERGE_PROTECTED_ACCOUNTS", "off"));

            DirectFunction.Answer answer = fn.invoke(bytes(Events.tree("link")));

            assertThat(answer.output()).isNotNull();
            assertThat(lastAudit().path("outcome").asText()).isEqualTo("already-linked");
            assertThat(standIn.identities("jane")).hasSize(1);
        }

        @Test
        void refusesTheCreateWithASentenceWhenThePoolLacksTheMarkerAttribute() {
            // GIVEN a pool made before custom:merge_created existed
            standIn.customAttributes("custom:merge_unlinked");
            DirectFunction fn = function(CREATE_AND_LINK);

            DirectFunction.Answer answer = fn.invoke(bytes(Events.tree("federated-first")));

            assertThat(answer.refusal()).isNotNull();
            assertThat(lastAudit().path("reason").asText()).isEqualTo("create-not-configured");
            assertThat(lastAudit().path("failure").asText()).isEqualTo("merge-created-attribute-missing");
            assertThat(standIn.calls("AdminCreateUser")).isEmpty();
        }
    }

    /** Finding 9 (trigger side): the guard searched " jane@example.com " as another address. */
    @Nested
    class NativeSignUpGuard {

        static final Map<String, String> GUARD = Map.of("MERGE_NATIVE_SIGN_UP_GUARD", "refuse");

        @ParameterizedTest(name = "email \"{0}\"")
        @ValueSource(strings = {" fed@example.com", "fed@example.com ", "\tFed@Example.com\u2003"})
        void stripsSurroundingWhitespaceBeforeTheSearch(String email) {
            standIn.addUser(StandInUser.federatedOnly("Descope_U2fEd", "fed@example.com"));
            DirectFunction fn = function(GUARD);
            ObjectNode event = Events.tree("native-after-federated");
            Events.attributes(event).put("email", email);

            DirectFunction.Answer answer = fn.invoke(bytes(event));

            assertThat(answer.refusal()).isNotNull();
            assertThat(lastAudit().path("reason").asText()).isEqualTo("federated-account-exists");
        }

        @Test
        void aFederatedProfileWhoseIdpNeverVerifiedTheAddressDoesNotLockOutItsOwner() {
            // GIVEN an attacker's federated profile holding the victim's address, unverified
            standIn.addUser(new StandInUser("Descope_U2aTtAcKeR", "EXTERNAL_PROVIDER", true,
                    Map.of("email", "fed@example.com", "email_verified", "false")));
            DirectFunction fn = function(GUARD);

            DirectFunction.Answer answer = fn.invoke(bytes(Events.tree("native-after-federated")));

            assertThat(answer.output()).isNotNull();
            assertThat(lastAudit().path("reason").asText()).isEqualTo("native-sign-up-allowed");
        }
    }
}
