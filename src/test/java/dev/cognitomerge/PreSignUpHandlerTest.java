package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.DevCognitoStandIn;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The function end to end: real-shaped Cognito events POSTed to the Lambda mock event server, the real
 * AWS SDK talking to the Cognito stand-in on loopback. Assertions are on what the stand-in received and
 * holds afterwards, on the answer, and on the audit line.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class PreSignUpHandlerTest extends FunctionOverStandIn {

    static final String JANE = "3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01";

    @BeforeEach
    void seedTheDevUsers() throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn.load(seed);
        }
        captureAudit();
    }

    static Response invoke(String body) {
        return given().contentType("application/json").body(body).when().post();
    }

    /** The sample linking event, with the IdP asserting {@code email} instead. */
    static String linkEventWithEmail(String email) {
        ObjectNode event = Events.tree("link");
        Events.attributes(event).put("email", email);
        return event.toString();
    }

    @Test
    void linksTheDescopeIdentityToTheNativeAccountThatOwnsTheEmail() throws IOException {
        // GIVEN jane, confirmed with a verified email; WHEN she first signs in through Descope
        String event = Events.text("link");
        Response response = invoke(event);

        // THEN the event comes back unchanged and Cognito received one search, one look at jane's MFA state
        // (merge.protected-accounts=mfa by default) and one link
        response.then().statusCode(200);
        assertThat(json.readTree(response.asString())).isEqualTo(json.readTree(event));
        assertThat(standIn.calls()).extracting(RecordedCall::operation)
                .containsExactly("ListUsers", "AdminGetUser", "AdminLinkProviderForUser");
        assertThat(standIn.calls("AdminGetUser").get(0).request().path("Username").asText()).isEqualTo(JANE);
        RecordedCall search = standIn.calls("ListUsers").get(0);
        assertThat(search.filter()).isEqualTo("email = \"jane@example.com\"");
        assertThat(search.request().path("Limit").asInt()).isEqualTo(60);
        JsonNode link = standIn.calls("AdminLinkProviderForUser").get(0).request();
        assertThat(link.path("UserPoolId").asText()).isEqualTo(StandInResource.POOL_ID);
        assertThat(link.path("DestinationUser").path("ProviderName").asText()).isEqualTo("Cognito");
        assertThat(link.path("DestinationUser").path("ProviderAttributeValue").asText()).isEqualTo(JANE);
        assertThat(link.path("SourceUser").path("ProviderName").asText()).isEqualTo("Descope");
        assertThat(link.path("SourceUser").path("ProviderAttributeName").asText()).isEqualTo("Cognito_Subject");
        assertThat(link.path("SourceUser").path("ProviderAttributeValue").asText()).isEqualTo("U2aBcDeF1gHiJkLmN0pQ");
        assertThat(standIn.identities(JANE))
                .containsExactly(Map.of("providerName", "Descope", "userId", "U2aBcDeF1gHiJkLmN0pQ"));

        // AND one audit line says so, without the full email
        JsonNode line = audit.last();
        assertThat(line.path("outcome").asText()).isEqualTo("linked");
        assertThat(line.path("destination").asText()).isEqualTo(JANE);
        assertThat(line.path("CognitoCalls").asInt()).isEqualTo(3);
        assertThat(line.path("email").asText()).isEqualTo("j***@example.com");
        assertThat(line.toString()).doesNotContain("jane@example.com");
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo("CognitoOidcMerge");
    }

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource({
            "unverified-email, continued, email-not-verified, 0",
            "no-candidate,     continued, no-candidate,       1",
            "unconfirmed,      continued, candidate-not-confirmed, 1",
            "candidate-email-not-verified, continued, candidate-email-not-verified, 1",
            "unknown-provider, continued, unknown-provider,   0",
            "native-sign-up,   continued, not-external-provider, 0",
    })
    void continuesWithTheEventUnchangedAndLinksNothing(String event, String outcome, String reason, int calls)
            throws IOException {
        String body = Events.text(event);

        Response response = invoke(body);

        response.then().statusCode(200);
        assertThat(json.readTree(response.asString())).isEqualTo(json.readTree(body));
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(standIn.calls()).hasSize(calls);
        assertThat(audit.last().path("outcome").asText()).isEqualTo(outcome);
        assertThat(audit.last().path("reason").asText()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} -> refused/{1}")
    @CsvSource(delimiter = '|', value = {
            "ambiguous | ambiguous          | More than one account uses this email address. Please contact support.",
            "disabled  | candidate-disabled | This account cannot sign in right now. Please contact support.",
            "protected | protected-account  | This account is protected. Please keep signing in the way you usually do.",
    })
    void refusesWithAMessageSafeToShowTheUser(String event, String reason, String message) {
        Response response = invoke(Events.text(event));

        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorMessage")).isEqualTo(message);
        assertThat(response.jsonPath().getString("errorType")).endsWith("SignUpRefusedException");
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo(reason);
    }

    @Test
    void aRedeliveredEventFindsTheLinkAndDoesNotLinkAgain() {
        invoke(Events.text("link")).then().statusCode(200);

        invoke(Events.text("link")).then().statusCode(200);

        assertThat(standIn.calls("AdminLinkProviderForUser")).hasSize(1);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("already-linked");
        assertThat(audit.last().path("CognitoCalls").asInt()).isEqualTo(1);
        assertThat(standIn.identities(JANE)).hasSize(1);
    }

    @Test
    void anAlreadyLinkedMessageIsNotBelievedWhenTheUsersIdentitiesDoNotShowTheLink() {
        // GIVEN Cognito answers the link with the "already linked" text, but the user does not hold the identity
        standIn.script("AdminLinkProviderForUser",
                new Fault.Error(400, "InvalidParameterException", "SourceUser is already linked to DestinationUser"));

        // WHEN Jane signs in THEN the function reads the user again and, finding no link, refuses (fails closed)
        invoke(Events.text("link")).then().statusCode(500);

        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
        assertThat(audit.last().path("failure").asText()).isEqualTo("link-InvalidParameterException");
    }

    @Test
    void searchesTheLowerCasedEmailWhenTheExactOneFindsNobody() {
        invoke(linkEventWithEmail("Jane@Example.com")).then().statusCode(200);

        assertThat(standIn.calls("ListUsers")).extracting(RecordedCall::filter)
                .containsExactly("email = \"Jane@Example.com\"", "email = \"jane@example.com\"");
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        assertThat(audit.last().path("CognitoCalls").asInt()).isEqualTo(4);
    }

    @Test
    void aFederatedOnlyUserWithTheExactEmailDoesNotHideTheLowerCasedNativeAccount() {
        // GIVEN a case-sensitive search and a Google-only user holding the IdP's exact spelling
        standIn.addUser(StandInUser.federatedOnly("Google_1", "Jane@Example.com"));

        // WHEN Jane signs in through Descope with that spelling
        invoke(linkEventWithEmail("Jane@Example.com")).then().statusCode(200);

        // THEN the lower-cased search still runs and finds her native account
        assertThat(standIn.calls("ListUsers")).extracting(RecordedCall::filter)
                .containsExactly("email = \"Jane@Example.com\"", "email = \"jane@example.com\"");
        assertThat(standIn.identities(JANE)).hasSize(1);
        assertThat(standIn.identities("Google_1")).noneMatch(identity -> "Descope".equals(identity.get("providerName")));
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
    }

    @Test
    void retriesThrottledCallsAndStillLinks() {
        standIn.script("ListUsers", Fault.throttled(), Fault.throttled());

        invoke(Events.text("link")).then().statusCode(200);

        assertThat(standIn.calls("ListUsers")).hasSize(3);
        assertThat(standIn.identities(JANE)).hasSize(1);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
    }

    @Test
    void refusesWhenCognitoKeepsFailingSoTheNextAttemptCanLink() {
        standIn.script("ListUsers", Fault.internalError(), Fault.internalError(), Fault.internalError());

        Response response = invoke(Events.text("link"));

        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .isEqualTo("Sign-in is temporarily unavailable. Please try again in a moment.");
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
        assertThat(audit.last().path("failure").asText()).isEqualTo("list-users-InternalErrorException");
    }

    @Test
    void escapesTheEmailSoTheFilterMeansExactlyThatEmail() {
        invoke(linkEventWithEmail("jane\" or email ^= \"@example.com")).then().statusCode(200);

        assertThat(standIn.calls("ListUsers")).extracting(RecordedCall::filter)
                .first().isEqualTo("email = \"jane\\\" or email ^= \\\"@example.com\"");
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("no-candidate");
    }

    @Test
    void answersABodyThatIsNotJsonWithAReadableRefusal() {
        Response response = invoke("{not json");

        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .isEqualTo("The sign-in request could not be read. Please try again.");
        assertThat(standIn.calls()).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("invalid-event");
    }

    @Test
    void treatsFieldsOfTheWrongTypeAsAbsent() throws IOException {
        ObjectNode event = Events.tree("link");
        event.put("userName", 42);
        event.put("request", "not an object");

        Response response = invoke(event.toString());

        response.then().statusCode(200);
        assertThat(json.readTree(response.asString())).isEqualTo(event);
        assertThat(standIn.calls()).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("malformed-username");
    }

    @Test
    void acceptsEmailVerifiedAsAJsonBoolean() {
        ObjectNode event = Events.tree("link");
        Events.attributes(event).put("email_verified", true);

        invoke(event.toString()).then().statusCode(200);

        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
    }

    @Test
    void neverLinksAFederatedOnlyUserWithTheSameEmail() {
        standIn.addUser(StandInUser.federatedOnly("Google_1", "new@example.com"));
        invoke(linkEventWithEmail("new@example.com")).then().statusCode(200);

        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("no-candidate");
    }

    @Test
    void theDevModeStandInIsNotActiveOutsideTheDevProfile() {
        assertThat(Arc.container().instance(DevCognitoStandIn.class).isAvailable()).isFalse();
        assertThat(List.of(settings.policy().providerNames())).containsExactly(List.of("Descope"));
    }
}
