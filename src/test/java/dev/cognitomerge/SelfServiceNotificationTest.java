package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.SnsStandIn;
import dev.cognitomerge.testing.CapturingAuditLog;
import dev.cognitomerge.testing.HttpEvents;
import dev.cognitomerge.testing.InjectStandIn;
import dev.cognitomerge.testing.OidcStandIn;
import dev.cognitomerge.testing.SelfServiceResource;
import dev.cognitomerge.testing.SnsStandInResource;
import dev.cognitomerge.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MERGE_LINK_NOTIFICATION_TOPIC_ARN with the self-service endpoint: a link made through it is announced on the topic
 * as the trigger's are (the real SNS client against the SNS stand-in), and a refusal announces nothing.
 */
@QuarkusTest
@WithTestResource(SelfServiceResource.class)
@WithTestResource(SnsStandInResource.class)
class SelfServiceNotificationTest {

    static final String MORGAN = "f5a6b7c8-d9e0-4f1a-8b2c-4d5e6f7a8b07";

    @InjectStandIn
    CognitoStandIn standIn;

    @InjectStandIn
    OidcStandIn oidc;

    @InjectStandIn
    SnsStandIn sns;

    @Inject
    ObjectMapper json;

    @Inject
    MergeSettings settings;

    CapturingAuditLog audit;

    @BeforeEach
    void seed() throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn.load(seed);
        }
        sns.reset();
        audit = CapturingAuditLog.install(json, settings);
    }

    JsonNode link(String descopeEmail) throws IOException {
        String cognito = Tokens.sign(oidc.issuer(SelfServiceResource.POOL_ID).key(SelfServiceResource.COGNITO_KID),
                Tokens.cognito(oidc.issuer(SelfServiceResource.POOL_ID).url(), SelfServiceResource.CLIENT_ID, MORGAN,
                        Instant.now()).build());
        String descope = Tokens.sign(oidc.issuer(SelfServiceResource.DESCOPE).key(SelfServiceResource.DESCOPE_KID),
                Tokens.identity(oidc.issuer(SelfServiceResource.DESCOPE).url(), SelfServiceResource.DESCOPE_AUDIENCE,
                        "U2pRoTeCtEdMfA00001", descopeEmail).build());
        String answer = given().contentType("application/json")
                .body(HttpEvents.link(cognito, "Descope", descope, SelfServiceResource.ORIGIN).toString())
                .when().post().asString();
        return json.readTree(answer);
    }

    @Test
    void aSelfServiceLinkIsAnnouncedOnTheTopicWithTheMaskedFacts() throws IOException {
        JsonNode response = link("morgan@example.com");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(sns.published()).hasSize(1);
        JsonNode message = json.readTree(sns.published().get(0).message());
        assertThat(message.path("event").asText()).isEqualTo("identity-linked");
        assertThat(message.path("provider").asText()).isEqualTo("Descope");
        assertThat(message.path("destination").asText()).isEqualTo(MORGAN);
        assertThat(message.path("userPoolId").asText()).isEqualTo(SelfServiceResource.POOL_ID);
        assertThat(audit.last().path("notification").asText()).isEqualTo("sent");
        assertThat(audit.last().path("SelfServiceNotificationFailures").asInt()).isZero();
    }

    @Test
    void aRefusalAnnouncesNothing() throws IOException {
        JsonNode response = link("someone@else.example");

        assertThat(response.path("statusCode").asInt()).isEqualTo(409);
        assertThat(sns.published()).isEmpty();
        assertThat(audit.last().path("notification").isNull()).isTrue();
    }
}
