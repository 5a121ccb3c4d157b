package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.SnsStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.InjectStandIn;
import dev.cognitomerge.testing.SnsStandInResource;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MERGE_LINK_NOTIFICATION_TOPIC_ARN set: every new link publishes one message with masked facts through the real
 * SNS client to the SNS stand-in, and a failed notification is audited but never fails the sign-in.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
@WithTestResource(SnsStandInResource.class)
class LinkNotificationTest extends FunctionOverStandIn {

    @InjectStandIn
    SnsStandIn sns;

    @BeforeEach
    void setUp() {
        standIn.reset();
        sns.reset();
        standIn.addUser(StandInUser.confirmed("jane@example.com", "jane@example.com"));
        captureAudit();
    }

    static void signIn(int status) {
        given().contentType("application/json").body(Events.text("link")).when().post().then().statusCode(status);
    }

    @Test
    void publishesTheMaskedFactsOfANewLink() throws IOException {
        Instant before = Instant.now();

        signIn(200);

        assertThat(sns.published()).hasSize(1);
        assertThat(sns.published().get(0).topicArn()).isEqualTo(SnsStandInResource.TOPIC_ARN);
        String text = sns.published().get(0).message();
        JsonNode message = json.readTree(text);
        assertThat(message.path("event").asText()).isEqualTo("identity-linked");
        assertThat(message.path("userPoolId").asText()).isEqualTo(StandInResource.POOL_ID);
        assertThat(message.path("provider").asText()).isEqualTo("Descope");
        assertThat(message.path("destination").asText()).isEqualTo("j***@example.com");
        assertThat(Instant.parse(message.path("time").asText())).isBetween(before, Instant.now());
        assertThat(text).doesNotContain("jane@example.com", "U2aBcDeF1gHiJkLmN0pQ");
        assertThat(audit.last().path("notification").asText()).isEqualTo("sent");
        assertThat(audit.last().path("NotificationFailures").asInt()).isZero();
    }

    @Test
    void sendsNothingWhenNothingWasLinked() {
        signIn(200);
        sns.reset();

        signIn(200); // the redelivery finds the link: already-linked

        assertThat(audit.last().path("outcome").asText()).isEqualTo("already-linked");
        assertThat(sns.published()).isEmpty();
        assertThat(audit.last().path("notification").isNull()).isTrue();
        assertThat(audit.last().has("NotificationFailures")).isFalse();
    }

    @Test
    void aFailedNotificationIsAuditedAndTheSignInStillSucceeds() throws IOException {
        sns.script(new Fault.Error(500, "InternalError", "boom"), new Fault.Error(500, "InternalError", "boom"),
                new Fault.Error(500, "InternalError", "boom"));

        signIn(200);

        assertThat(standIn.identities("jane@example.com")).hasSize(1);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        assertThat(audit.last().path("notification").asText()).isEqualTo("failed-InternalError");
        assertThat(audit.last().path("NotificationFailures").asInt()).isEqualTo(1);
        JsonNode metrics = audit.last().path("_aws").path("CloudWatchMetrics").get(0).path("Metrics");
        assertThat(metrics.findValuesAsText("Name")).contains("NotificationFailures");
        // ...with the unit the monitoring module's contract declares (terraform/modules/monitoring/emf-contract.json)
        JsonNode contract = json.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("terraform/modules/monitoring/emf-contract.json")));
        for (JsonNode metric : metrics) {
            if (metric.path("Name").asText().equals("NotificationFailures")) {
                assertThat(metric.path("Unit").asText())
                        .isEqualTo(contract.path("optional_metrics").path("NotificationFailures").asText());
            }
        }
    }

    @Test
    void aSlowNotificationGivesUpWithinItsSecond() {
        sns.script(new Fault.Delay(Duration.ofSeconds(3)));
        long started = System.nanoTime();

        signIn(200);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(audit.last().path("notification").asText()).startsWith("failed-");
        assertThat(standIn.identities("jane@example.com")).hasSize(1);
        assertThat(List.of(audit.last().path("outcome").asText())).containsExactly("linked");
    }
}
