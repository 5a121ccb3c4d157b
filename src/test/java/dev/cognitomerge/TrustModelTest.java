package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The security rules that read an answer of Cognito, each pinned through the real SDK against the stand-in:
 * the owner's MFA state (AdminGetUser), its email_verified (ListUsers), the link call's error messages, and
 * owners of one address in different case. Default settings: protected accounts {@code mfa}, second identity
 * {@code refuse}.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class TrustModelTest extends FunctionOverStandIn {

    static final String JANE = "jane-native";
    static final String SUBJECT = "U2aBcDeF1gHiJkLmN0pQ";

    @BeforeEach
    void seedJane() {
        standIn.reset();
        standIn.addUser(StandInUser.confirmed(JANE, "jane@example.com"));
        captureAudit();
    }

    static Response invoke(String body) {
        return given().contentType("application/json").body(body).when().post();
    }

    static String linkEventWithEmail(String email) {
        ObjectNode event = Events.tree("link");
        Events.attributes(event).put("email", email);
        return event.toString();
    }

    void assertRefusedAsProtected(Response response) {
        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .isEqualTo("This account is protected. Please keep signing in the way you usually do.");
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(standIn.identities(JANE)).isEmpty();
        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo("protected-account");
        assertThat(audit.last().path("destination").asText()).isEqualTo(JANE);
    }

    @Test
    void refusesAnOwnerWhoRegisteredAndPrefersTotp() {
        standIn.user(JANE).withMfa(List.of("SOFTWARE_TOKEN_MFA"), "SOFTWARE_TOKEN_MFA");

        Response response = invoke(Events.text("link"));

        assertRefusedAsProtected(response);
        assertThat(standIn.calls()).extracting(RecordedCall::operation).containsExactly("ListUsers", "AdminGetUser");
        assertThat(audit.last().path("CognitoCalls").asInt()).isEqualTo(2);
    }

    @Test
    void refusesAnOwnerWithTotpEnabledButNotPreferred() {
        standIn.user(JANE).withMfa(List.of("SOFTWARE_TOKEN_MFA"), null);

        assertRefusedAsProtected(invoke(Events.text("link")));
    }

    @Test
    void refusesAnOwnerWhoseOnlyMfaSignIsAPreferredMethod() {
        standIn.user(JANE).withMfa(List.of(), "SMS_MFA");

        assertRefusedAsProtected(invoke(Events.text("link")));
    }

    @Test
    void refusesAnOwnerWithLegacySmsMfaOptions() {
        standIn.user(JANE).withLegacySmsMfa();

        assertRefusedAsProtected(invoke(Events.text("link")));
    }

    @Test
    void linksAnOwnerWithoutMfaAfterAskingForIt() {
        invoke(Events.text("link")).then().statusCode(200);

        assertThat(standIn.calls()).extracting(RecordedCall::operation)
                .containsExactly("ListUsers", "AdminGetUser", "AdminLinkProviderForUser");
        assertThat(standIn.identities(JANE)).containsExactly(Map.of("providerName", "Descope", "userId", SUBJECT));
    }

    @Test
    void aFailedMfaLookupIsALookupFailureNotALink() {
        standIn.script("AdminGetUser", Fault.internalError(), Fault.internalError(), Fault.internalError());

        Response response = invoke(Events.text("link"));

        response.then().statusCode(500);
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
        assertThat(audit.last().path("failure").asText()).isEqualTo("get-user-InternalErrorException");
    }

    @Test
    void neverLinksAConfirmedOwnerWhoseEmailListUsersShowsUnverified() {
        // GIVEN jane confirmed, but ListUsers answers email_verified = "false"
        standIn.reset();
        standIn.addUser(new StandInUser(JANE, "CONFIRMED", true,
                Map.of("email", "jane@example.com", "email_verified", "false")));

        invoke(Events.text("link")).then().statusCode(200);

        assertThat(standIn.calls()).extracting(RecordedCall::operation).containsExactly("ListUsers");
        assertThat(standIn.identities(JANE)).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("candidate-email-not-verified");
    }

    @Test
    void anotherInvalidParameterAnswerFromTheLinkIsNotAlreadyLinked() {
        standIn.script("AdminLinkProviderForUser", new Fault.Error(400, "InvalidParameterException",
                "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link"));

        Response response = invoke(Events.text("link"));

        response.then().statusCode(500);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
        assertThat(audit.last().path("failure").asText()).isEqualTo("link-InvalidParameterException");
    }

    @Test
    void theSameSubjectLinkedFromAnotherProviderIsNotAlreadyLinked() {
        // GIVEN jane holds Google's identity whose subject happens to equal the Descope subject
        standIn.addUser(new StandInUser(JANE, "CONFIRMED", true, Map.of("email", "jane@example.com",
                "email_verified", "true", "identities", "[{\"userId\":\"" + SUBJECT + "\",\"providerName\":\"Google\"}]")));

        invoke(Events.text("link")).then().statusCode(200);

        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        assertThat(standIn.identities(JANE)).contains(Map.of("providerName", "Descope", "userId", SUBJECT));
    }

    @Test
    void refusesASecondDescopeIdentityForTheSameAccount() {
        standIn.addUser(new StandInUser(JANE, "CONFIRMED", true, Map.of("email", "jane@example.com",
                "email_verified", "true", "identities", "[{\"userId\":\"U2oLdSuBjEcT\",\"providerName\":\"Descope\"}]")));

        Response response = invoke(Events.text("link"));

        response.then().statusCode(500);
        assertThat(response.jsonPath().getString("errorMessage"))
                .isEqualTo("This account already has a sign-in from this provider. Please contact support.");
        assertThat(standIn.calls()).extracting(RecordedCall::operation).containsExactly("ListUsers");
        assertThat(standIn.identities(JANE)).hasSize(1);
        assertThat(audit.last().path("reason").asText()).isEqualTo("provider-already-linked");
    }

    @Test
    void twoOwnersOfOneAddressInDifferentCaseAreAmbiguousInACaseSensitiveSearch() {
        // GIVEN a case-sensitive search (the stand-in's default) and a second native owner spelling it Jane@
        standIn.addUser(StandInUser.confirmed("jane-capital", "Jane@example.com"));

        // WHEN the IdP sends the capitalised spelling, which the exact search alone matches to one owner
        Response response = invoke(linkEventWithEmail("Jane@example.com"));

        // THEN both spellings are searched and the two owners refuse as ambiguous
        response.then().statusCode(500);
        assertThat(standIn.calls("ListUsers")).extracting(RecordedCall::filter)
                .containsExactly("email = \"Jane@example.com\"", "email = \"jane@example.com\"");
        assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        assertThat(audit.last().path("reason").asText()).isEqualTo("ambiguous");
    }

    @Test
    void aCaseInsensitiveSearchFindsBothOwnersWithOneCall() {
        standIn.caseInsensitiveSearch(true);
        standIn.addUser(StandInUser.confirmed("jane-capital", "Jane@example.com"));

        invoke(linkEventWithEmail("Jane@example.com")).then().statusCode(500);

        assertThat(standIn.calls("ListUsers")).hasSize(1);
        assertThat(audit.last().path("reason").asText()).isEqualTo("ambiguous");
    }

    @Test
    void aLowerCaseEmailIsSearchedOnce() {
        invoke(Events.text("link")).then().statusCode(200);

        assertThat(standIn.calls("ListUsers")).hasSize(1);
    }

    @Test
    void linksASourceOfExactly128CharactersAndSkipsOneOf129() {
        // "Descope" (7) + "Cognito_Subject" (15) + subject: the stand-in rejects more than 128, as Cognito does
        ObjectNode longest = Events.tree("link");
        longest.put("userName", "Descope_" + "s".repeat(106));
        ObjectNode tooLong = Events.tree("link");
        tooLong.put("userName", "Descope_" + "s".repeat(107));

        invoke(tooLong.toString()).then().statusCode(200);
        assertThat(audit.last().path("reason").asText()).isEqualTo("subject-too-long");
        assertThat(standIn.calls()).isEmpty();

        invoke(longest.toString()).then().statusCode(200);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        assertThat(standIn.identities(JANE)).containsExactly(Map.of("providerName", "Descope", "userId", "s".repeat(106)));
    }

    @Test
    void masksADestinationUsernameThatIsAnEmail() {
        // GIVEN a pool whose native usernames are the email addresses themselves
        standIn.reset();
        standIn.addUser(StandInUser.confirmed("jane@example.com", "jane@example.com"));

        invoke(Events.text("link")).then().statusCode(200);

        assertThat(standIn.identities("jane@example.com")).hasSize(1);
        assertThat(audit.last().path("destination").asText()).isEqualTo("j***@example.com");
        assertThat(audit.last().toString()).doesNotContain("jane@example.com");
    }
}
