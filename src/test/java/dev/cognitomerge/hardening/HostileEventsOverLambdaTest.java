package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.hardening.HostileEvents.Pool;
import dev.cognitomerge.hardening.HostileInputPropertiesTest.Oracle;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile events through the real Lambda path (the Quarkus Lambda runtime and its mock event server), so
 * nothing between the bytes Cognito sends and the handler turns bad input into a crash or a stack trace:
 * every answer is the unchanged event (200) or a refusal (500) whose errorType is the deliberate
 * SignUpRefusedException and whose errorMessage is one of the user-safe texts. A bounded, seeded sample of
 * the property generators (jqwik cannot drive a {@code @QuarkusTest}; a failure names the sample), plus
 * bodies that are not events.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class HostileEventsOverLambdaTest extends FunctionOverStandIn {

    static final int SAMPLES = 60;
    static final ObjectMapper PLAIN = new ObjectMapper();

    @BeforeEach
    void seedThePool() {
        Pool.seed(standIn);
        captureAudit();
    }

    void assertSafeAnswer(Delivery delivery, byte[] body, String what) throws IOException {
        if (delivery.refused()) {
            assertThat(delivery.refusal()).as(what).isIn(Delivery.USER_MESSAGES);
        } else {
            delivery.response().then().statusCode(200);
            assertThat(PLAIN.readTree(delivery.response().asByteArray())).as(what).isEqualTo(PLAIN.readTree(body));
        }
        assertThat(audit.last().path("reason").asText()).as(what).isNotEqualTo("internal-error");
    }

    @Test
    void everySampledHostileEventGetsTheEventBackOrAUserSafeRefusalAndLinksOnlyByTheRules() throws IOException {
        List<ObjectNode> samples = HostileEvents.events().sampleStream().limit(SAMPLES).toList();
        for (int i = 0; i < SAMPLES; i++) {
            ObjectNode event = samples.get(i);
            Pool.seed(standIn);
            byte[] body = PLAIN.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(event);
            HostileEventPropertiesTest.Expected expected = HostileEventPropertiesTest.expect(PLAIN.readTree(body));

            Delivery delivery = Delivery.of(body);

            String what = "sample " + i + ": " + Oracle.visible(event);
            assertSafeAnswer(delivery, body, what);
            assertThat(audit.last().path("outcome").asText()).as(what).isEqualTo(expected.outcome());
            if (expected.destination() == null) {
                assertThat(standIn.calls("AdminLinkProviderForUser")).as(what).isEmpty();
            } else {
                assertThat(standIn.identities(expected.destination())).as(what).hasSize(1);
            }
        }
    }

    static Stream<Arguments> bodiesThatAreNoEvent() {
        return Stream.of(
                Arguments.of("an empty body", new byte[0]),
                Arguments.of("JSON null", bytes("null")),
                Arguments.of("an array", bytes("[]")),
                Arguments.of("a number", bytes("42")),
                Arguments.of("a string", bytes("\"PreSignUp_ExternalProvider\"")),
                Arguments.of("cut-off JSON", bytes("{\"userName\":\"Descope_x")),
                Arguments.of("an object with trailing garbage", bytes("{}}")),
                Arguments.of("two objects", bytes(Events.text("link") + Events.text("link"))),
                Arguments.of("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}),
                Arguments.of("100,000 nested arrays", bytes("[".repeat(100_000) + "]".repeat(100_000))),
                Arguments.of("a number with a million digits", bytes("{\"a\":" + "9".repeat(1_000_000) + "}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesThatAreNoEvent")
    void aBodyThatIsNoEventIsRefusedAsUnreadable(String description, byte[] body) {
        Delivery delivery = Delivery.of(body);

        assertThat(delivery.refusal()).isEqualTo(Reason.INVALID_EVENT.userMessage());
        assertThat(audit.last().path("reason").asText()).isEqualTo("invalid-event");
        assertThat(standIn.calls()).isEmpty();
    }

    static Stream<Arguments> hugeEvents() {
        return Stream.of(
                Arguments.of("a 1 MB email", "email", HostileEvents.HUGE_EMAIL),
                Arguments.of("a 1 MB name", "name", HostileEvents.HUGE_TEXT),
                Arguments.of("1 MB of quotes and backslashes as the email", "email", HostileEvents.HUGE_QUOTES),
                Arguments.of("a 1 MB custom attribute", "custom:notes", HostileEvents.HUGE_QUOTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeEvents")
    void aOneMegabyteAttributeIsHandledLikeAnyOther(String description, String attribute, String value)
            throws IOException {
        ObjectNode event = Events.tree("link");
        Events.attributes(event).put(attribute, value);
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);

        Delivery delivery = Delivery.of(body);

        assertSafeAnswer(delivery, body, description);
        JsonNode line = audit.last();
        assertThat(line.toString().length()).as("the audit line stays small").isLessThan(2_000);
        if (attribute.equals("email")) {
            assertThat(line.path("reason").asText()).isIn("email-too-long", "email-invalid");
            assertThat(standIn.calls()).isEmpty();
        } else {
            assertThat(line.path("outcome").asText()).isEqualTo("linked");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
