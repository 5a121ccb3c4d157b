package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MERGE_WHEN_NO_NATIVE_USER=create-and-link through the real SDK against the stand-in: the federated first
 * sign-in creates the native user, sets a random permanent password and links the identity to it, with the
 * nested PreSignUp_AdminCreateUser invocation of this same function answered by the handler itself.
 * MERGE_ON_LOOKUP_FAILED=continue is set too, to show that a failure while creating still refuses.
 */
@QuarkusTest
@TestProfile(CreateAndLinkTest.CreateAndLink.class)
@WithTestResource(StandInResource.class)
class CreateAndLinkTest extends FunctionOverStandIn {

    public static class CreateAndLink implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("merge.when-no-native-user", "create-and-link",
                    "merge.create.copy-attributes", "given_name",
                    "merge.on-lookup-failed", "continue");
        }
    }

    static final String SUBJECT = "U2nEwPeRs0nFeDeRaTeD1";

    @Inject
    PreSignUpHandler handler;

    @Inject
    UserDirectory directory;

    /** What the nested PreSignUp_AdminCreateUser invocations answered, and how many Cognito calls ran meanwhile. */
    final List<String> nestedAnswers = new CopyOnWriteArrayList<>();
    final List<Integer> callsDuringNested = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        standIn.reset();
        directory.forgetUsernameShapes();
        standIn.onAdminCreateUser(this::invokeNested);
        captureAudit();
    }

    /** Cognito invokes the trigger again inside AdminCreateUser: this function, a second concurrent invocation. */
    void invokeNested(ObjectNode event) {
        int before = standIn.calls().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        callsDuringNested.add(standIn.calls().size() - before);
        nestedAnswers.add(out.toString(StandardCharsets.UTF_8));
    }

    static Response invoke(String body) {
        return given().contentType("application/json").body(body).when().post();
    }

    static List<String> operations(List<RecordedCall> calls) {
        return calls.stream().map(RecordedCall::operation).toList();
    }

    @Test
    void federatedFirstCreatesTheNativeUserAndLinksTheIdentityToIt() throws IOException {
        // GIVEN a pool that takes a username and holds nobody with the email
        String event = Events.text("federated-first");

        // WHEN the person's first ever sign-in comes through Descope
        Response response = invoke(event);

        // THEN two searches (the email has capitals: exact, then lower-cased), the pool's shape (once per
        // instance), one create, one password, one link; the event comes back unchanged
        response.then().statusCode(200);
        assertThat(json.readTree(response.asString())).isEqualTo(json.readTree(event));
        assertThat(operations(standIn.calls())).containsExactly("ListUsers", "ListUsers", "DescribeUserPool",
                "AdminCreateUser", "AdminSetUserPassword", "AdminLinkProviderForUser");
        JsonNode create = standIn.calls("AdminCreateUser").get(0).request();
        assertThat(create.path("MessageAction").asText()).isEqualTo("SUPPRESS");
        assertThat(create.path("TemporaryPassword").isMissingNode()).isTrue();
        assertThat(create.path("UserAttributes").toString())
                .isEqualTo("[{\"Name\":\"email\",\"Value\":\"New.Person@example.com\"},"
                        + "{\"Name\":\"email_verified\",\"Value\":\"true\"},"
                        + "{\"Name\":\"custom:merge_created\",\"Value\":\"{\\\"providerName\\\":\\\"Descope\\\","
                        + "\\\"userId\\\":\\\"" + SUBJECT + "\\\"}\"},"
                        + "{\"Name\":\"given_name\",\"Value\":\"New\"}]");
        String username = create.path("Username").asText();
        StandInUser created = standIn.user(username);
        assertThat(created.status()).isEqualTo("CONFIRMED");
        assertThat(created.attributes()).containsEntry("email", "New.Person@example.com")
                .containsEntry("email_verified", "true").doesNotContainKey("name");
        assertThat(standIn.identities(username)).containsExactly(Map.of("providerName", "Descope", "userId", SUBJECT));
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        assertThat(audit.last().path("reason").asText()).isEqualTo("created-and-linked");
        assertThat(audit.last().path("destination").asText()).isEqualTo(username);
        assertThat(audit.last().path("CognitoCalls").asInt()).isEqualTo(6);
    }

    @Test
    void theNestedAdminCreateUserInvocationPassesStraightThroughWithNoCognitoCall() {
        invoke(Events.text("federated-first")).then().statusCode(200);

        assertThat(nestedAnswers).hasSize(1);
        assertThat(callsDuringNested).containsExactly(0);
        JsonNode nested = audit.lines().get(0);
        assertThat(nested.path("triggerSource").asText()).isEqualTo("PreSignUp_AdminCreateUser");
        assertThat(nested.path("outcome").asText()).isEqualTo("continued");
        assertThat(nested.path("reason").asText()).isEqualTo("not-external-provider");
        assertThat(nested.path("CognitoCalls").asInt()).isZero();
    }

    @Test
    void thePasswordIsLongHasEveryClassAndIsNeverLogged() {
        // GIVEN a pool whose policy asks for the longest minimum Cognito allows
        standIn.passwordMinimumLength(99);

        invoke(Events.text("federated-first")).then().statusCode(200);

        String password = standIn.calls("AdminSetUserPassword").get(0).request().path("Password").asText();
        assertThat(standIn.calls("AdminSetUserPassword").get(0).request().path("Permanent").asBoolean()).isTrue();
        assertThat(password).hasSizeGreaterThanOrEqualTo(99).hasSizeLessThanOrEqualTo(256)
                .containsPattern("[A-Z]").containsPattern("[a-z]").containsPattern("[0-9]").containsPattern("[^A-Za-z0-9]");
        assertThat(audit.lines()).allSatisfy(line -> assertThat(line.toString()).doesNotContain(password));
    }

    @Test
    void inAPoolWhoseUsernameIsTheEmailTheUserIsCreatedWithTheEmailAndNamedByCognito() {
        // GIVEN UsernameAttributes=[email]
        standIn.usernameAttributesEmail(true);

        // WHEN two people sign in through Descope first, one after the other, on one warm instance
        invoke(Events.text("federated-first")).then().statusCode(200);
        ObjectNode second = Events.tree("federated-first");
        second.put("userName", "Descope_U2sEcOnD");
        Events.attributes(second).put("email", "second@example.com");
        invoke(second.toString()).then().statusCode(200);

        // THEN the first create reads the pool's shape (DescribeUserPool), the second does not ask again, and each
        // create takes the email as its Username at the first try
        List<RecordedCall> creates = standIn.calls("AdminCreateUser");
        assertThat(creates).extracting(call -> call.request().path("Username").asText())
                .containsExactly("New.Person@example.com", "second@example.com");
        assertThat(standIn.calls("DescribeUserPool")).hasSize(1);
        String username = audit.lines().stream().filter(line -> line.path("reason").asText().equals("created-and-linked"))
                .findFirst().orElseThrow().path("destination").asText();
        assertThat(username).matches("[0-9a-f-]{36}");
        assertThat(standIn.user(username).attributes()).containsEntry("email", "New.Person@example.com");
        assertThat(standIn.identities(username)).containsExactly(Map.of("providerName", "Descope", "userId", SUBJECT));
        assertThat(audit.last().path("reason").asText()).isEqualTo("created-and-linked");
    }

    @Test
    void neverCreatesBesideAFederatedOnlyUserOfAnotherProvider() {
        standIn.addUser(StandInUser.federatedOnly("Google_109876543210987654321", "fed@example.com"));

        invoke(Events.text("federated-user-exists")).then().statusCode(200);

        assertThat(standIn.calls("AdminCreateUser")).isEmpty();
        assertThat(audit.last().path("outcome").asText()).isEqualTo("continued");
        assertThat(audit.last().path("reason").asText()).isEqualTo("federated-user-exists");
    }

    @Test
    void aFederatedOnlyUserFoundOnlyByTheExactCaseStillStopsTheCreate() {
        // GIVEN a case-sensitive search and a Google-only user holding the email exactly as Descope sends it
        standIn.addUser(StandInUser.federatedOnly("Google_1", "New.Person@example.com"));

        invoke(Events.text("federated-first")).then().statusCode(200);

        // THEN the lower-cased search finds nobody, but the create still sees the Google user
        assertThat(standIn.calls("ListUsers")).hasSize(2);
        assertThat(standIn.calls("AdminCreateUser")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("federated-user-exists");
    }

    @Test
    void stillLinksToTheNativeOwnerWhenThereIsOne() {
        standIn.addUser(StandInUser.confirmed("new-person", "new.person@example.com"));

        invoke(Events.text("federated-first")).then().statusCode(200);

        assertThat(standIn.calls("AdminCreateUser")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("linked");
    }

    @Test
    void aCreateWhosePasswordFailedIsCompletedByTheRetry() {
        // GIVEN Cognito fails every attempt to set the password (the SDK retries 500s)
        standIn.script("AdminSetUserPassword", Fault.internalError(), Fault.internalError(), Fault.internalError());

        // WHEN the first sign-in runs
        Response first = invoke(Events.text("federated-first"));

        // THEN it refuses, even though lookup failures are set to continue, and leaves the user half-done
        first.then().statusCode(500);
        assertThat(first.jsonPath().getString("errorMessage"))
                .isEqualTo("Sign-in is temporarily unavailable. Please try again in a moment.");
        assertThat(audit.last().path("reason").asText()).isEqualTo("create-failed");
        String username = standIn.calls("AdminCreateUser").get(0).request().path("Username").asText();
        assertThat(standIn.user(username).status()).isEqualTo("FORCE_CHANGE_PASSWORD");

        // WHEN the person tries again
        invoke(Events.text("federated-first")).then().statusCode(200);

        // THEN the retry recognises the user it created, completes it and links; still one native user
        assertThat(standIn.calls("AdminCreateUser")).hasSize(1);
        assertThat(standIn.user(username).status()).isEqualTo("CONFIRMED");
        assertThat(standIn.identities(username)).hasSize(1);
        assertThat(audit.last().path("reason").asText()).isEqualTo("resumed-and-linked");
    }

    @Test
    void aFailedSearchRefusesEvenThoughLookupFailuresAreSetToContinue() {
        // GIVEN the first attempt created the user and set its password, but the link failed
        standIn.script("AdminLinkProviderForUser", Fault.internalError(), Fault.internalError(), Fault.internalError());
        invoke(Events.text("federated-first")).then().statusCode(500);
        // WHEN the retry's search fails too
        standIn.script("ListUsers", Fault.internalError(), Fault.internalError(), Fault.internalError());
        Response retry = invoke(Events.text("federated-first"));

        // THEN it refuses: continuing would let Cognito create a federated user beside the one already created
        retry.then().statusCode(500);
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
        invoke(Events.text("federated-first")).then().statusCode(200);
        assertThat(audit.last().path("reason").asText()).isEqualTo("linked");
        assertThat(nativeUsersWithEmail("new.person@example.com")).isEqualTo(1);
    }

    @Test
    void aCreateWhoseLinkFailedIsLinkedByTheRetry() {
        standIn.script("AdminLinkProviderForUser", Fault.internalError(), Fault.internalError(), Fault.internalError());

        invoke(Events.text("federated-first")).then().statusCode(500);
        assertThat(audit.last().path("reason").asText()).isEqualTo("create-failed");
        invoke(Events.text("federated-first")).then().statusCode(200);

        String username = standIn.calls("AdminCreateUser").get(0).request().path("Username").asText();
        assertThat(standIn.calls("AdminCreateUser")).hasSize(1);
        assertThat(standIn.identities(username)).hasSize(1);
        assertThat(audit.last().path("reason").asText()).isEqualTo("linked");
    }

    @ParameterizedTest(name = "username is the email: {0}")
    @ValueSource(booleans = {false, true})
    void theLoserOfTwoFirstSignInsAtOnceIsRefusedAndItsRetryLinksToTheWinnersUser(boolean emailUsernames) {
        // GIVEN another first sign-in of the same identity (a second tab, a double click) creates its user just before
        // ours reaches Cognito
        standIn.usernameAttributesEmail(emailUsernames);
        standIn.onAdminCreateUser(event -> {
            if (standIn.calls("AdminCreateUser").size() == 1) {
                standIn.onAdminCreateUser(this::invokeNested);
                String winnerName = emailUsernames ? "4e1f0c2b-winner" : event.path("userName").asText();
                standIn.addUser(new StandInUser(winnerName, "FORCE_CHANGE_PASSWORD", true,
                        Map.of("email", "New.Person@example.com", "email_verified", "true",
                                "custom:merge_created", "{\"providerName\":\"Descope\",\"userId\":\"" + SUBJECT + "\"}")));
            }
        });

        // WHEN ours creates
        Response lost = invoke(Events.text("federated-first"));

        // THEN Cognito answers UsernameExistsException and the person is asked to sign in again
        lost.then().statusCode(500);
        assertThat(lost.jsonPath().getString("errorMessage")).isEqualTo("Your account is being set up. Please sign in again.");
        assertThat(audit.last().path("reason").asText()).isEqualTo("create-conflict");

        // WHEN they do, THEN the retry completes the winner's user and links to it: one native user
        invoke(Events.text("federated-first")).then().statusCode(200);
        assertThat(audit.last().path("reason").asText()).isEqualTo("resumed-and-linked");
        String destination = audit.last().path("destination").asText();
        assertThat(standIn.identities(destination)).containsExactly(Map.of("providerName", "Descope", "userId", SUBJECT));
        assertThat(standIn.calls("ListUsers")).isNotEmpty();
        assertThat(nativeUsersWithEmail("new.person@example.com")).isEqualTo(1);
    }

    @Test
    void aSelfSignUpHoldingTheGeneratedNameDoesNotBlockTheCreate() {
        // GIVEN someone signed up natively under the username the function derives from the email, with their own email
        standIn.addUser(new StandInUser(generatedUsernameFor("new.person@example.com"), "UNCONFIRMED", true,
                Map.of("email", "mallory@example.com", "email_verified", "false")));

        invoke(Events.text("federated-first")).then().statusCode(200);

        // THEN the function sees who holds the name and creates under the name that also needs the IdP subject
        assertThat(standIn.calls("AdminCreateUser")).hasSize(2);
        String created = audit.last().path("destination").asText();
        assertThat(created).isNotEqualTo(generatedUsernameFor("new.person@example.com"));
        assertThat(standIn.identities(created)).containsExactly(Map.of("providerName", "Descope", "userId", SUBJECT));
        assertThat(audit.last().path("reason").asText()).isEqualTo("created-and-linked");
        assertThat(standIn.user(generatedUsernameFor("new.person@example.com")).attributes())
                .containsEntry("email", "mallory@example.com").doesNotContainKey("identities");
    }

    /** What the first create asks for, as seen in a pool without that user (the name is the function's own rule). */
    String generatedUsernameFor(String email) {
        return java.util.UUID.nameUUIDFromBytes(("cognito-oidc-merge/" + email).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    @Test
    void aRedeliveredEventAfterTheLinkFindsItAndCreatesNothing() {
        invoke(Events.text("federated-first")).then().statusCode(200);

        invoke(Events.text("federated-first")).then().statusCode(200);

        assertThat(standIn.calls("AdminCreateUser")).hasSize(1);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("already-linked");
        assertThat(nativeUsersWithEmail("new.person@example.com")).isEqualTo(1);
    }

    long nativeUsersWithEmail(String email) {
        return standIn.users().stream()
                .filter(user -> !user.status().equals("EXTERNAL_PROVIDER"))
                .filter(user -> email.equalsIgnoreCase(user.attributes().get("email")))
                .count();
    }
}
