package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.CapturingAuditLog;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.HttpEvents;
import dev.cognitomerge.testing.InjectStandIn;
import dev.cognitomerge.testing.OidcStandIn;
import dev.cognitomerge.testing.SelfServiceResource;
import dev.cognitomerge.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Self-service linking end to end: payload-2.0 HTTP events POSTed to the Lambda mock event server, both ID tokens
 * made in the test and verified by the function against the loopback OpenID issuers (discovery, JWKS), the real AWS
 * SDK talking to the Cognito stand-in. Every refusal and every forged token is one test; each asserts the status,
 * the error code, what Cognito received (nothing, for a bad token) and that nothing was linked.
 */
@QuarkusTest
@WithTestResource(SelfServiceResource.class)
class SelfServiceLinkTest {

    /** Morgan: confirmed, verified, TOTP registered and preferred; the trigger refuses her (protected-account). */
    static final String MORGAN = "f5a6b7c8-d9e0-4f1a-8b2c-4d5e6f7a8b07";
    static final String MORGAN_SUBJECT = "U2pRoTeCtEdMfA00001";
    static final String JANE = "3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01";

    @InjectStandIn
    CognitoStandIn standIn;

    @InjectStandIn
    OidcStandIn oidc;

    @Inject
    ObjectMapper json;

    @Inject
    MergeSettings settings;

    @Inject
    PreSignUpHandler trigger;

    CapturingAuditLog audit;

    @BeforeEach
    void seedTheDevUsers() throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn.load(seed);
        }
        audit = CapturingAuditLog.install(json, settings);
    }

    // ---- tokens and requests -------------------------------------------------------------------------------------

    String cognitoIssuer() {
        return oidc.issuer(SelfServiceResource.POOL_ID).url();
    }

    String descopeIssuer() {
        return oidc.issuer(SelfServiceResource.DESCOPE).url();
    }

    JWK cognitoKey() {
        return oidc.issuer(SelfServiceResource.POOL_ID).key(SelfServiceResource.COGNITO_KID);
    }

    JWK descopeKey() {
        return oidc.issuer(SelfServiceResource.DESCOPE).key(SelfServiceResource.DESCOPE_KID);
    }

    JWTClaimsSet morganSignIn() {
        return Tokens.cognito(cognitoIssuer(), SelfServiceResource.CLIENT_ID, MORGAN, Instant.now().minusSeconds(30))
                .claim("email", "morgan@example.com").build();
    }

    JWTClaimsSet morganAtDescope() {
        return Tokens.identity(descopeIssuer(), SelfServiceResource.DESCOPE_AUDIENCE, MORGAN_SUBJECT,
                "morgan@example.com").build();
    }

    String signedCognito(JWTClaimsSet claims) {
        return Tokens.sign(cognitoKey(), claims);
    }

    String signedDescope(JWTClaimsSet claims) {
        return Tokens.sign(descopeKey(), claims);
    }

    /** Posts the event; answers the function's payload-2.0 response. */
    JsonNode post(ObjectNode event) throws IOException {
        String answer = given().contentType("application/json").body(event.toString()).when().post().asString();
        return json.readTree(answer);
    }

    JsonNode link(String cognitoToken, String identityToken) throws IOException {
        return post(HttpEvents.link(cognitoToken, "Descope", identityToken, SelfServiceResource.ORIGIN));
    }

    JsonNode body(JsonNode response) throws IOException {
        return json.readTree(response.path("body").asText());
    }

    /** A refusal: status, code, a sentence; Cognito untouched when {@code noCognitoCall}; nothing linked. */
    void assertRefused(JsonNode response, int status, String code) throws IOException {
        assertThat(response.path("statusCode").asInt()).as("status of %s", response).isEqualTo(status);
        JsonNode body = body(response);
        assertThat(body.path("error").asText()).as("error of %s", body).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(standIn.calls("AdminLinkProviderForUser")).as("link calls").isEmpty();
        assertThat(standIn.identities(MORGAN)).isEmpty();
        assertThat(audit.last().path("audit").asText()).isEqualTo("self-service-link");
        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo(code);
    }

    /** Every Cognito action recorded is one terraform/modules/self-service-link grants the function. */
    void assertCallsWithinTheModulesPolicy() throws IOException {
        String policy = java.nio.file.Files.readString(java.nio.file.Path.of("terraform/modules/self-service-link/iam.tf"));
        java.util.Set<String> granted = new java.util.TreeSet<>();
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("\"cognito-idp:([A-Za-z]+)\"").matcher(policy);
        while (action.find()) {
            granted.add(action.group(1));
        }
        assertThat(granted).as("cognito-idp actions in iam.tf").isNotEmpty();
        assertThat(standIn.calls().stream().map(call -> call.operation()).distinct().toList())
                .as("Cognito actions the endpoint called").isSubsetOf(granted);
    }

    void assertRefusedWithoutCognito(JsonNode response, int status, String code) throws IOException {
        assertRefused(response, status, code);
        assertThat(standIn.calls()).as("Cognito calls").isEmpty();
    }

    /** The stand-in's user with one attribute set (or replaced). */
    void setAttribute(String username, String name, String value) {
        StandInUser user = standIn.user(username);
        Map<String, String> attributes = new HashMap<>(user.attributes());
        attributes.put(name, value);
        standIn.addUser(new StandInUser(username, user.status(), user.enabled(), attributes));
    }

    byte[] triggerEvent() {
        return Events.text("protected").getBytes(StandardCharsets.UTF_8);
    }

    // ---- the flow ------------------------------------------------------------------------------------------------

    /** The person's path (surefire reports tests of a class with @Nested members only inside nested classes). */
    @Nested
    class Flow {

        @Test
        void aPersonWithMfaRefusedByTheTriggerLinksThroughTheEndpointAndTheNextDescopeSignInLandsOnTheirAccount()
                throws IOException {
            // GIVEN Morgan (TOTP) first signs in through Descope, and the trigger refuses her: a protected account
            assertThatThrownBy(() -> trigger.handleRequest(new ByteArrayInputStream(triggerEvent()),
                    new ByteArrayOutputStream(), null)).isInstanceOf(SignUpRefusedException.class);
            assertThat(audit.last().path("reason").asText()).isEqualTo("protected-account");
            standIn.reset();
            try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
                standIn.load(seed);
            }

            // WHEN the application posts her fresh password sign-in and her fresh Descope sign-in
            JsonNode response = link(signedCognito(morganSignIn()), signedDescope(morganAtDescope()));

            // THEN the identity is linked to her native account at once, and the answer says so
            assertThat(response.path("statusCode").asInt()).as("%s", response).isEqualTo(200);
            JsonNode body = body(response);
            assertThat(body.path("linked").asBoolean()).isTrue();
            assertThat(body.path("provider").asText()).isEqualTo("Descope");
            assertThat(body.path("destination").asText()).isEqualTo(MORGAN);
            assertThat(response.path("headers").path("access-control-allow-origin").asText())
                    .isEqualTo(SelfServiceResource.ORIGIN);
            assertThat(response.path("headers").path("cache-control").asText()).isEqualTo("no-store");
            assertThat(standIn.identities(MORGAN))
                    .containsExactly(Map.of("providerName", "Descope", "userId", MORGAN_SUBJECT));
            // (her account as it is now, whether the identity has a profile of its own, the link)
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .containsExactly("AdminGetUser", "AdminGetUser", "AdminLinkProviderForUser");
            assertThat(standIn.calls("AdminGetUser").get(1).request().path("Username").asText())
                    .isEqualTo("Descope_" + MORGAN_SUBJECT);

            // AND one audit line with its metrics, naming no token and no full email
            JsonNode line = audit.last();
            assertThat(line.path("audit").asText()).isEqualTo("self-service-link");
            assertThat(line.path("outcome").asText()).isEqualTo("linked");
            assertThat(line.path("reason").asText()).isEqualTo("linked");
            assertThat(line.path("status").asInt()).isEqualTo(200);
            assertThat(line.path("destination").asText()).isEqualTo(MORGAN);
            assertThat(line.path("email").asText()).isEqualTo("m***@example.com");
            assertThat(line.path("SelfServiceRequests").asInt()).isEqualTo(1);
            assertThat(line.path("SelfServiceCognitoCalls").asInt()).isEqualTo(3);
            assertThat(line.toString()).doesNotContain("morgan@example.com").doesNotContain("eyJ");

            // WHEN her next Descope sign-in reaches the trigger (the same identity's Pre sign-up event)
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            trigger.handleRequest(new ByteArrayInputStream(triggerEvent()), answer, null);

            // THEN it lands on her native account as already linked: no refusal, no second link
            assertThat(json.readTree(answer.toByteArray())).isEqualTo(json.readTree(triggerEvent()));
            assertThat(audit.last().path("audit").asText()).isEqualTo("pre-sign-up");
            assertThat(audit.last().path("outcome").asText()).isEqualTo("already-linked");
            assertThat(audit.last().path("destination").asText()).isEqualTo(MORGAN);
            assertThat(standIn.calls("AdminLinkProviderForUser")).hasSize(1);
        }

        @Test
        void theSameIdentityAgainIsAlreadyLinkedWithoutASecondLink() throws IOException {
            String cognito = signedCognito(morganSignIn());
            String descope = signedDescope(morganAtDescope());
            assertThat(link(cognito, descope).path("statusCode").asInt()).isEqualTo(200);

            JsonNode again = link(cognito, descope);

            assertThat(again.path("statusCode").asInt()).isEqualTo(200);
            assertThat(body(again).path("linked").asBoolean()).isFalse();
            assertThat(body(again).path("reason").asText()).isEqualTo("already-linked");
            assertThat(standIn.calls("AdminLinkProviderForUser")).hasSize(1);
            assertThat(audit.last().path("outcome").asText()).isEqualTo("already-linked");
            assertCallsWithinTheModulesPolicy();
        }

        @Test
        void anEs256IdentityTokenLinksToo() throws IOException {
            JWK ec = oidc.issuer(SelfServiceResource.DESCOPE).key(SelfServiceResource.DESCOPE_EC_KID);

            JsonNode response = link(signedCognito(morganSignIn()), Tokens.sign(ec, morganAtDescope()));

            assertThat(response.path("statusCode").asInt()).as("%s", response).isEqualTo(200);
            assertThat(standIn.identities(MORGAN)).hasSize(1);
        }

        @Test
        void aUsernameThatIsAnEmailIsMaskedInTheAnswer() throws IOException {
            standIn.addUser(StandInUser.confirmed("robin@example.com", "robin@example.com"));
            JWTClaimsSet robin = Tokens.cognito(cognitoIssuer(), SelfServiceResource.CLIENT_ID, "robin@example.com",
                    Instant.now()).build();
            JWTClaimsSet descope = Tokens.identity(descopeIssuer(), SelfServiceResource.DESCOPE_AUDIENCE, "U2robin",
                    "robin@example.com").build();

            JsonNode response = link(signedCognito(robin), signedDescope(descope));

            assertThat(body(response).path("destination").asText()).isEqualTo("r***@example.com");
            assertThat(audit.last().path("destination").asText()).isEqualTo("r***@example.com");
        }
    }

    // ---- refusals ------------------------------------------------------------------------------------------------

    @Nested
    class Refusals {

        @Test
        void aStaleNativeSignInIsRefusedEvenThroughAFreshlyRefreshedToken() throws IOException {
            // A refreshed token is new (iat, exp) but keeps the auth_time of the sign-in eleven minutes ago
            JWTClaimsSet refreshed = Tokens.cognito(cognitoIssuer(), SelfServiceResource.CLIENT_ID, MORGAN,
                    Instant.now().minus(Duration.ofMinutes(11))).build();

            assertRefusedWithoutCognito(link(signedCognito(refreshed), signedDescope(morganAtDescope())), 401,
                    "stale-sign-in");
        }

        @Test
        void aFederatedSignInsTokenIsNotANativeSignIn() throws IOException {
            // The token Cognito issues after a sign-in through an IdP: it carries the identities claim
            JWTClaimsSet federated = new JWTClaimsSet.Builder(morganSignIn()).claim("identities", List.of(Map.of(
                    "providerName", "Google", "userId", "1098", "providerType", "Google", "primary", "false"))).build();

            assertRefusedWithoutCognito(link(signedCognito(federated), signedDescope(morganAtDescope())), 403,
                    "not-a-native-sign-in");
        }

        @Test
        void aProviderWithoutSelfServiceSettingsIsUnknown() throws IOException {
            assertRefusedWithoutCognito(post(HttpEvents.link(signedCognito(morganSignIn()), "Google",
                    signedDescope(morganAtDescope()), SelfServiceResource.ORIGIN)), 400, "unknown-provider");
        }

        @Test
        void aDisabledOrUnconfirmedAccountIsNotQualified() throws IOException {
            String dana = "d3e4f5a6-b7c8-4d9e-8f1a-2b3c4d5e6f05";
            JWTClaimsSet danaSignIn = Tokens.cognito(cognitoIssuer(), SelfServiceResource.CLIENT_ID, dana,
                    Instant.now()).build();
            JWTClaimsSet danaAtDescope = Tokens.identity(descopeIssuer(), SelfServiceResource.DESCOPE_AUDIENCE,
                    "U2dana", "dana@example.com").build();

            assertRefused(link(signedCognito(danaSignIn), signedDescope(danaAtDescope)), 403,
                    "candidate-not-qualified");
            assertThat(standIn.calls()).extracting(RecordedCall::operation).containsExactly("AdminGetUser");
        }

        @Test
        void aUserDeletedSinceTheSignInIsNotQualified() throws IOException {
            JWTClaimsSet ghost = Tokens.cognito(cognitoIssuer(), SelfServiceResource.CLIENT_ID, "gone-user",
                    Instant.now()).build();

            assertRefused(link(signedCognito(ghost), signedDescope(morganAtDescope())), 403, "candidate-not-qualified");
        }

        @Test
        void anIdentityEmailTheIdpDidNotVerifyIsRefused() throws IOException {
            JWTClaimsSet unverified = Tokens.with(morganAtDescope(), Map.of("email_verified", false));

            assertRefusedWithoutCognito(link(signedCognito(morganSignIn()), signedDescope(unverified)), 403,
                    "email-not-verified");
        }

        @Test
        void anotherAddressAtTheIdpIsRefused() throws IOException {
            JWTClaimsSet other = Tokens.with(morganAtDescope(), Map.of("email", "morgan@attacker.example"));

            assertRefused(link(signedCognito(morganSignIn()), signedDescope(other)), 409, "email-mismatch");
        }

        @Test
        void anIdentityTheOperatorUnlinkedIsRefusedWith409() throws IOException {
            setAttribute(MORGAN, "custom:merge_unlinked",
                    "[{\"providerName\":\"Descope\",\"userId\":\"" + MORGAN_SUBJECT + "\"}]");

            JsonNode response = link(signedCognito(morganSignIn()), signedDescope(morganAtDescope()));

            assertRefused(response, 409, "unlinked-by-operator");
        }

        @Test
        void anUnreadableUnlinkRecordLinksNothing() throws IOException {
            setAttribute(MORGAN, "custom:merge_unlinked", "{not json");

            assertRefused(link(signedCognito(morganSignIn()), signedDescope(morganAtDescope())), 403,
                    "candidate-not-qualified");
        }

        @Test
        void anIdentityWithAProfileOfItsOwnIsSentToSupportAndTheProfileIsKept() throws IOException {
            standIn.addUser(StandInUser.federatedOnly("Descope_" + MORGAN_SUBJECT, "morgan@example.com"));

            JsonNode response = link(signedCognito(morganSignIn()), signedDescope(morganAtDescope()));

            assertRefused(response, 409, "identity-has-profile");
            assertThat(body(response).path("message").asText()).contains("contact support");
            assertThat(standIn.user("Descope_" + MORGAN_SUBJECT)).isNotNull();
            assertThat(standIn.calls()).extracting(RecordedCall::operation)
                    .containsExactly("AdminGetUser", "AdminGetUser");
        }

        @Test
        void aSecondDescopeIdentityIsRefused() throws IOException {
            setAttribute(MORGAN, "identities",
                    "[{\"userId\":\"U2older\",\"providerName\":\"Descope\",\"providerType\":\"OIDC\"}]");

            JsonNode response = link(signedCognito(morganSignIn()), signedDescope(morganAtDescope()));

            assertThat(response.path("statusCode").asInt()).isEqualTo(409);
            assertThat(body(response).path("error").asText()).isEqualTo("provider-already-linked");
            assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        }

        @Test
        void anAccountAtTheLinkLimitIsRefused() throws IOException {
            StringBuilder five = new StringBuilder("[");
            for (int i = 0; i < 5; i++) {
                five.append(i == 0 ? "" : ",").append("{\"userId\":\"s").append(i)
                        .append("\",\"providerName\":\"Other").append(i).append("\"}");
            }
            setAttribute(MORGAN, "identities", five.append("]").toString());

            JsonNode response = link(signedCognito(morganSignIn()), signedDescope(morganAtDescope()));

            assertThat(response.path("statusCode").asInt()).isEqualTo(409);
            assertThat(body(response).path("error").asText()).isEqualTo("link-limit-reached");
            assertThat(standIn.calls("AdminLinkProviderForUser")).isEmpty();
        }

        @Test
        void anIdentityCognitoRefusesToLinkIsARefusalNotAnOutage() throws IOException {
            // Jane already holds this Descope identity: Cognito refuses the source (InvalidParameterException)
            setAttribute(JANE, "identities",
                    "[{\"userId\":\"" + MORGAN_SUBJECT + "\",\"providerName\":\"Descope\"}]");

            JsonNode response = link(signedCognito(morganSignIn()), signedDescope(morganAtDescope()));

            assertThat(response.path("statusCode").asInt()).isEqualTo(409);
            assertThat(body(response).path("error").asText()).isEqualTo("link-refused");
            assertThat(audit.last().path("failure").asText()).isEqualTo("link-InvalidParameterException");
            // The refusal was read back (is it already linked?) with a call the module's role has: on AWS a call
            // outside it is AccessDenied, and this refusal would have been a 503
            assertCallsWithinTheModulesPolicy();
        }

        @Test
        void cognitoFailingIsA503WithTheRetriableSentenceNeverATrace() throws IOException {
            standIn.script("AdminGetUser", Fault.internalError(), Fault.internalError(), Fault.internalError());

            JsonNode response = link(signedCognito(morganSignIn()), signedDescope(morganAtDescope()));

            assertThat(response.path("statusCode").asInt()).isEqualTo(503);
            assertThat(response.path("headers").path("retry-after").asText()).isEqualTo("5");
            JsonNode body = body(response);
            assertThat(body.path("error").asText()).isEqualTo("unavailable");
            assertThat(body.path("message").asText()).isEqualTo("Linking is temporarily unavailable. Please try again in a moment.");
            assertThat(response.toString()).doesNotContain("InternalErrorException");
            assertThat(audit.last().path("failure").asText()).startsWith("get-user-");
            assertThat(standIn.identities(MORGAN)).isEmpty();
        }

        @Test
        void anOriginThatIsNotConfiguredIsRefusedBeforeAnyTokenIsRead() throws IOException {
            JsonNode response = post(HttpEvents.link(signedCognito(morganSignIn()), "Descope",
                    signedDescope(morganAtDescope()), "https://evil.example"));

            assertRefusedWithoutCognito(response, 403, "origin-not-allowed");
            assertThat(response.path("headers").has("access-control-allow-origin")).isFalse();
        }

        @Test
        void aPreflightFromTheConfiguredOriginGetsTheCorsAnswerAndNothingElseHappens() throws IOException {
            JsonNode response = post(HttpEvents.event("OPTIONS", Map.of("origin", SelfServiceResource.ORIGIN,
                    "access-control-request-method", "POST"), null));

            assertThat(response.path("statusCode").asInt()).isEqualTo(204);
            assertThat(response.path("headers").path("access-control-allow-origin").asText())
                    .isEqualTo(SelfServiceResource.ORIGIN);
            assertThat(response.path("headers").path("access-control-allow-headers").asText())
                    .contains("authorization").contains("content-type");
            assertThat(standIn.calls()).isEmpty();
            assertThat(audit.lines()).isEmpty();
        }

        @Test
        void requestsThatAreNotALinkRequestAreInvalid() throws IOException {
            String cognito = signedCognito(morganSignIn());
            String descope = signedDescope(morganAtDescope());
            ObjectNode get = HttpEvents.link(cognito, "Descope", descope, null);
            ((ObjectNode) get.path("requestContext").path("http")).put("method", "GET");
            assertRefusedWithoutCognito(post(get), 405, "invalid-request");

            ObjectNode form = HttpEvents.link(cognito, "Descope", descope, null);
            ((ObjectNode) form.path("headers")).put("content-type", "application/x-www-form-urlencoded");
            assertRefusedWithoutCognito(post(form), 415, "invalid-request");

            ObjectNode noToken = HttpEvents.event("POST", Map.of("content-type", "application/json",
                    "authorization", "Bearer " + cognito), "{\"provider\":\"Descope\"}");
            assertRefusedWithoutCognito(post(noToken), 400, "invalid-request");

            ObjectNode notJson = HttpEvents.event("POST", Map.of("content-type", "application/json",
                    "authorization", "Bearer " + cognito), "provider=Descope");
            assertRefusedWithoutCognito(post(notJson), 400, "invalid-request");

            ObjectNode huge = HttpEvents.event("POST", Map.of("content-type", "application/json",
                    "authorization", "Bearer " + cognito), "{\"provider\":\"Descope\",\"token\":\"" + "a".repeat(60_000)
                    + "\"}");
            assertRefusedWithoutCognito(post(huge), 413, "invalid-request");

            ObjectNode notAnHttpEvent = json.createObjectNode().put("triggerSource", "PreSignUp_ExternalProvider");
            assertRefusedWithoutCognito(post(notAnHttpEvent), 400, "invalid-request");
        }

        @Test
        void aBase64EncodedBodyIsRead() throws IOException {
            ObjectNode event = HttpEvents.link(signedCognito(morganSignIn()), "Descope",
                    signedDescope(morganAtDescope()), SelfServiceResource.ORIGIN);
            event.put("body", java.util.Base64.getEncoder().encodeToString(
                    event.path("body").asText().getBytes(StandardCharsets.UTF_8)));
            event.put("isBase64Encoded", true);

            assertThat(post(event).path("statusCode").asInt()).isEqualTo(200);
            assertThat(standIn.identities(MORGAN)).hasSize(1);
        }

        @Test
        void withoutTheNativeSignInNothingLinks() throws IOException {
            ObjectNode noAuthorization = HttpEvents.event("POST", Map.of("content-type", "application/json"),
                    "{\"provider\":\"Descope\",\"token\":\"" + signedDescope(morganAtDescope()) + "\"}");
            assertRefusedWithoutCognito(post(noAuthorization), 401, "invalid-token");
            assertThat(audit.last().path("failure").asText()).isEqualTo("cognito-token:missing");

            ObjectNode basic = HttpEvents.link(signedCognito(morganSignIn()), "Descope",
                    signedDescope(morganAtDescope()), null);
            ((ObjectNode) basic.path("headers")).put("authorization", "Basic bW9yZ2FuOnB3");
            assertRefusedWithoutCognito(post(basic), 401, "invalid-token");
        }

        @Test
        void withoutTheIdentityProofNothingLinks() throws IOException {
            assertRefusedWithoutCognito(link(signedCognito(morganSignIn()), ""), 401, "invalid-token");
            assertThat(audit.last().path("failure").asText()).isEqualTo("identity-token:missing");
        }
    }

    // ---- forged tokens ---------------------------------------------------------------------------------------------

    @Nested
    class ForgedTokens {

        void assertInvalid(JsonNode response, String failure) throws IOException {
            assertRefusedWithoutCognito(response, 401, "invalid-token");
            assertThat(response.path("headers").path("www-authenticate").asText()).contains("invalid_token");
            assertThat(audit.last().path("failure").asText()).isEqualTo(failure);
        }

        @Test
        void algNoneIsRefusedInEitherSlot() throws IOException {
            assertInvalid(link(Tokens.unsigned(morganSignIn(), SelfServiceResource.COGNITO_KID),
                    signedDescope(morganAtDescope())), "cognito-token:algorithm-not-allowed");
            assertInvalid(link(signedCognito(morganSignIn()),
                    Tokens.unsigned(morganAtDescope(), SelfServiceResource.DESCOPE_KID)),
                    "identity-token:algorithm-not-allowed");
            // "None" and "NONE" too, and a none token that still carries some signature
            assertInvalid(link(Tokens.compact("{\"alg\":\"NONE\",\"kid\":\"" + SelfServiceResource.COGNITO_KID + "\"}",
                    morganSignIn().toString(), "c2ln"), signedDescope(morganAtDescope())),
                    "cognito-token:algorithm-not-allowed");
        }

        @Test
        void hs256SignedWithThePublishedPublicKeyIsRefused() throws IOException {
            assertInvalid(link(Tokens.hmacWithPublicKey((RSAKey) cognitoKey(), morganSignIn()),
                    signedDescope(morganAtDescope())), "cognito-token:algorithm-not-allowed");
            assertInvalid(link(signedCognito(morganSignIn()),
                    Tokens.hmacWithPublicKey((RSAKey) descopeKey(), morganAtDescope())),
                    "identity-token:algorithm-not-allowed");
        }

        @Test
        void anotherPoolsTokenIsRefused() throws IOException {
            // Properly signed by the other pool, for the same client id and username
            String otherIssuer = oidc.issuer(SelfServiceResource.OTHER_POOL_ID).url();
            JWTClaimsSet claims = Tokens.cognito(otherIssuer, SelfServiceResource.CLIENT_ID, MORGAN, Instant.now())
                    .build();
            JWK otherKey = oidc.issuer(SelfServiceResource.OTHER_POOL_ID).key("other-pool-rsa-1");

            // its kid is not among our pool's keys
            assertInvalid(link(Tokens.sign(otherKey, claims), signedDescope(morganAtDescope())),
                    "cognito-token:unknown-key-id");
        }

        @Test
        void anotherPoolsIssuerSignedWithOurKeyIsStillRefused() throws IOException {
            JWTClaimsSet claims = Tokens.cognito(oidc.issuer(SelfServiceResource.OTHER_POOL_ID).url(),
                    SelfServiceResource.CLIENT_ID, MORGAN, Instant.now()).build();

            assertInvalid(link(signedCognito(claims), signedDescope(morganAtDescope())), "cognito-token:wrong-issuer");
        }

        @Test
        void anotherClientsTokenIsRefused() throws IOException {
            JWTClaimsSet claims = Tokens.cognito(cognitoIssuer(), SelfServiceResource.OTHER_CLIENT_ID, MORGAN,
                    Instant.now()).build();

            assertInvalid(link(signedCognito(claims), signedDescope(morganAtDescope())), "cognito-token:wrong-audience");
            JWTClaimsSet otherProject = Tokens.identity(descopeIssuer(), "P2SomeoneElse", MORGAN_SUBJECT,
                    "morgan@example.com").build();
            assertInvalid(link(signedCognito(morganSignIn()), signedDescope(otherProject)),
                    "identity-token:wrong-audience");
        }

        @Test
        void anAccessTokenIsNotAnIdToken() throws IOException {
            JWTClaimsSet access = Tokens.with(morganSignIn(), Map.of("token_use", "access"));

            assertInvalid(link(signedCognito(access), signedDescope(morganAtDescope())), "cognito-token:not-an-id-token");
        }

        @Test
        void expiredTokensAreRefused() throws IOException {
            Date past = Date.from(Instant.now().minusSeconds(61));
            assertInvalid(link(signedCognito(Tokens.with(morganSignIn(), Map.of("exp", past.getTime() / 1000))),
                    signedDescope(morganAtDescope())), "cognito-token:expired");
            assertInvalid(link(signedCognito(morganSignIn()),
                    signedDescope(Tokens.with(morganAtDescope(), Map.of("exp", past.getTime() / 1000)))),
                    "identity-token:expired");
        }

        @Test
        void notYetValidAndFromTheFutureAreRefused() throws IOException {
            long future = Instant.now().plusSeconds(300).getEpochSecond();
            assertInvalid(link(signedCognito(Tokens.with(morganSignIn(), Map.of("nbf", future))),
                    signedDescope(morganAtDescope())), "cognito-token:not-yet-valid");
            assertInvalid(link(signedCognito(morganSignIn()),
                    signedDescope(Tokens.with(morganAtDescope(), Map.of("iat", future)))),
                    "identity-token:issued-in-the-future");
        }

        @Test
        void anUnknownKeyIdIsRefusedAndRefetchesTheKeysAtMostOnceAMinute() throws IOException {
            RSAKey stranger = OidcStandIn.rsaKey("rotated-in-later");
            oidc.clearFetches();

            for (int i = 0; i < 3; i++) {
                assertInvalid(link(Tokens.sign(stranger, morganSignIn()), signedDescope(morganAtDescope())),
                        "cognito-token:unknown-key-id");
            }

            // one refetch (discovery + JWKS) at most for the three made-up kids
            assertThat(oidc.fetches().stream().filter(path -> path.contains(SelfServiceResource.POOL_ID)).count())
                    .isLessThanOrEqualTo(2);
        }

        @Test
        void aKeyNotInTheJwksButWithItsKidIsABadSignature() throws IOException {
            RSAKey impostor = OidcStandIn.rsaKey(SelfServiceResource.COGNITO_KID);

            assertInvalid(link(Tokens.sign(impostor, morganSignIn()), signedDescope(morganAtDescope())),
                    "cognito-token:bad-signature");
        }

        @Test
        void aKeyEmbeddedInTheHeaderIsNeverTrusted() throws IOException, JOSEException {
            RSAKey attacker = OidcStandIn.rsaKey("attacker");
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker")
                    .jwk(attacker.toPublicJWK()).build(), morganSignIn());
            jwt.sign(new RSASSASigner(attacker));

            assertInvalid(link(jwt.serialize(), signedDescope(morganAtDescope())), "cognito-token:unknown-key-id");
        }

        @Test
        void aClaimChangedAfterSigningIsABadSignature() throws IOException {
            List<String> parts = Tokens.parts(signedCognito(morganSignIn()));
            String jane = Tokens.with(morganSignIn(), Map.of("cognito:username", JANE)).toString();
            String tampered = parts.get(0) + "." + Base64URL.encode(jane) + "." + parts.get(2);

            assertInvalid(link(tampered, signedDescope(morganAtDescope())), "cognito-token:bad-signature");
        }

        @Test
        void anAlgorithmThatDoesNotFitTheKeyIsRefused() throws IOException {
            // ES256 in the header, the kid of the RSA key
            List<String> parts = Tokens.parts(signedDescope(morganAtDescope()));
            String header = "{\"alg\":\"ES256\",\"kid\":\"" + SelfServiceResource.DESCOPE_KID + "\"}";
            String forged = Base64URL.encode(header) + "." + parts.get(1) + "." + parts.get(2);

            assertInvalid(link(signedCognito(morganSignIn()), forged),
                    "identity-token:key-type-does-not-match-algorithm");
        }

        @Test
        void anAllZeroEcdsaSignatureIsRefused() throws IOException {
            // CVE-2022-21449 ("psychic signatures"): r = s = 0
            ECKey ec = (ECKey) oidc.issuer(SelfServiceResource.DESCOPE).key(SelfServiceResource.DESCOPE_EC_KID);
            List<String> parts = Tokens.parts(Tokens.sign(ec, morganAtDescope()));
            String zero = parts.get(0) + "." + parts.get(1) + "." + Base64URL.encode(new byte[64]);

            assertInvalid(link(signedCognito(morganSignIn()), zero), "identity-token:bad-signature");
        }

        @Test
        void theTokensSwappedOrFromTheWrongIssuerAreRefused() throws IOException {
            assertInvalid(link(signedDescope(morganAtDescope()), signedCognito(morganSignIn())),
                    "cognito-token:unknown-key-id");
            // A Cognito-shaped token in the identity slot, signed by Descope's key, claiming Cognito's issuer
            JWTClaimsSet cognitoIssued = Tokens.identity(cognitoIssuer(), SelfServiceResource.DESCOPE_AUDIENCE,
                    MORGAN_SUBJECT, "morgan@example.com").build();
            assertInvalid(link(signedCognito(morganSignIn()), signedDescope(cognitoIssued)),
                    "identity-token:wrong-issuer");
        }

        @Test
        void aDuplicatedClaimIsRefusedEvenWhenTheIssuerSignedIt() throws IOException, JOSEException {
            String claims = morganSignIn().toString();
            String doubled = claims.substring(0, claims.length() - 1) + ",\"cognito:username\":\"" + JANE + "\"}";
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(SelfServiceResource.COGNITO_KID).build(), new Payload(doubled));
            jws.sign(new RSASSASigner((RSAKey) cognitoKey()));

            assertInvalid(link(jws.serialize(), signedDescope(morganAtDescope())), "cognito-token:payload-not-json");
        }

        @Test
        void aTokenWithoutExpiryOrIssueTimeIsRefused() throws IOException {
            Map<String, Object> noExp = new HashMap<>();
            noExp.put("exp", null);
            assertInvalid(link(signedCognito(Tokens.with(morganSignIn(), noExp)), signedDescope(morganAtDescope())),
                    "cognito-token:no-expiry");
            Map<String, Object> noIat = new HashMap<>();
            noIat.put("iat", null);
            assertInvalid(link(signedCognito(morganSignIn()), signedDescope(Tokens.with(morganAtDescope(), noIat))),
                    "identity-token:no-issued-at");
        }

        @Test
        void garbageIsNotAToken() throws IOException {
            assertInvalid(link("not-a-jwt", signedDescope(morganAtDescope())), "cognito-token:not-a-signed-jwt");
            assertInvalid(link("a.b.c.d.e", signedDescope(morganAtDescope())), "cognito-token:not-a-signed-jwt");
            assertInvalid(link(".e30.c2ln", signedDescope(morganAtDescope())), "cognito-token:not-base64url");
            assertInvalid(link("e30.e3+0.c2ln", signedDescope(morganAtDescope())), "cognito-token:not-base64url");
            // no alg at all, and no signature
            assertInvalid(link("e30.e30.", signedDescope(morganAtDescope())), "cognito-token:algorithm-not-allowed");
            assertInvalid(link("W10.e30.c2ln", signedDescope(morganAtDescope())), "cognito-token:header-not-an-object");
        }
    }

    // ---- metric contract -----------------------------------------------------------------------------------------

    /** The contract's self_service section (terraform/modules/monitoring/emf-contract.json) against the real EMF. */
    @Nested
    class MetricContract {

        @Test
        void everySelfServiceLineEmitsExactlyTheContractsMetricsUnitsAndDimensionSets() throws IOException {
            // GIVEN one request of each kind: linked, already-linked, refused with a bad token, refused by Cognito
            String cognito = signedCognito(morganSignIn());
            String descope = signedDescope(morganAtDescope());
            link(cognito, descope);
            link(cognito, descope);
            link("not-a-jwt", descope);
            standIn.script("AdminGetUser", Fault.internalError(), Fault.internalError(), Fault.internalError());
            JWTClaimsSet jane = Tokens.cognito(cognitoIssuer(), SelfServiceResource.CLIENT_ID, JANE, Instant.now())
                    .build();
            link(signedCognito(jane), signedDescope(Tokens.identity(descopeIssuer(),
                    SelfServiceResource.DESCOPE_AUDIENCE, "U2jane", "jane@example.com").build()));
            JsonNode contract = json.readTree(Path.of("terraform/modules/monitoring/emf-contract.json").toFile())
                    .path("self_service");

            // THEN each line's EMF is the contract's: namespace, metric -> unit, dimension sets; values at the top level
            List<JsonNode> lines = audit.lines();
            assertThat(lines).extracting(line -> line.path("outcome").asText() + "/" + line.path("reason").asText())
                    .containsExactly("linked/linked", "already-linked/already-linked", "refused/invalid-token",
                            "refused/unavailable");
            for (JsonNode line : lines) {
                JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
                assertThat(directive.path("Namespace").asText()).isEqualTo("CognitoOidcMerge");
                Map<String, String> units = new HashMap<>();
                directive.path("Metrics").forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
                Map<String, String> expected = new HashMap<>();
                contract.path("metrics").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
                assertThat(units).isEqualTo(expected);
                assertThat(directive.path("Dimensions")).isEqualTo(contract.path("dimension_sets"));
                expected.keySet().forEach(metric -> assertThat(line.path(metric).isNumber()).as(metric).isTrue());
                assertThat(line.path("outcome").isTextual() && line.path("reason").isTextual()).isTrue();
                // never the trigger's metric names: the endpoint's requests are not sign-ins
                assertThat(line.has("Events")).isFalse();
            }
        }

        @Test
        void theContractsOutcomesAndAlarmedReasonsAreOnesTheEndpointWrites() throws IOException {
            JsonNode contract = json.readTree(Path.of("terraform/modules/monitoring/emf-contract.json").toFile())
                    .path("self_service");
            java.util.Set<String> reasons = new java.util.HashSet<>();
            for (dev.cognitomerge.decision.SelfServiceReason reason : dev.cognitomerge.decision.SelfServiceReason.values()) {
                reasons.add(reason.code());
            }
            contract.path("reasons").forEach(reason -> assertThat(reasons).contains(reason.asText()));
            java.util.Set<String> outcomes = new java.util.HashSet<>();
            contract.path("outcomes").forEach(outcome -> outcomes.add(outcome.asText()));
            assertThat(outcomes).containsExactlyInAnyOrder("linked", "already-linked", "continued", "refused");
        }
    }
}
