package dev.cognitomerge.hardening;

import static dev.cognitomerge.hardening.Hardening.DEFAULT_BUDGET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.testing.CapturingAuditLog;
import dev.cognitomerge.testing.Events;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * Cognito cannot be reached at all (connection refused: a wrong endpoint, a VPC without a route or
 * endpoint). The function answers at once with the failure action and names the failure; sign-ups that
 * need no lookup are untouched. First, while nothing has called Cognito yet: the client exists already.
 */
@QuarkusTest
@TestProfile(Hardening.UnreachableCognito.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnreachableCognitoTest {

    @Inject
    ObjectMapper json;

    @Inject
    MergeSettings settings;

    CapturingAuditLog audit;

    @BeforeEach
    void captureTheAuditLine() {
        audit = CapturingAuditLog.install(json, settings);
    }

    @Test
    @Order(1)
    void theCognitoClientIsBuiltAtStartNotByTheFirstSignIn() {
        // Built lazily, the first sign-in paid for it (0.4 s, seconds on a busy machine) inside its budget
        // but outside every SDK timeout.
        InjectableBean<CognitoIdentityProviderClient> client = Arc.container()
                .instance(CognitoIdentityProviderClient.class).getBean();

        assertThat(Arc.container().getActiveContext(ApplicationScoped.class).get(client)).isNotNull();
    }

    @Test
    @Order(2)
    void refusesAFederatedFirstSignInAndNamesTheFailure() {
        Delivery delivery = Delivery.of(Events.text("link")).answeredWithin(DEFAULT_BUDGET, audit.last());

        assertThat(delivery.refusal()).isEqualTo(Reason.LOOKUP_FAILED.userMessage());
        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
        assertThat(audit.last().path("failure").asText()).isEqualTo("list-users-connection-refused");
    }

    @Test
    @Order(3)
    void letsANativeSignUpThroughWithoutAskingCognito() throws Exception {
        String event = Events.text("native-sign-up");

        Delivery delivery = Delivery.of(event).answeredWithin(DEFAULT_BUDGET, audit.last());

        delivery.response().then().statusCode(200);
        assertThat(json.readTree(delivery.response().asString())).isEqualTo(json.readTree(event));
        assertThat(audit.last().path("CognitoCalls").asInt()).isZero();
    }

    @Test
    @Order(4)
    void continuesAFederatedFirstSignInWhenConfiguredToAndNamesTheFailure() throws Exception {
        // merge.on-lookup-failed=continue, wired by hand (a second Quarkus profile would cost a JVM start)
        URI closed = URI.create("http://127.0.0.1:" + Hardening.closedLoopbackPort());
        byte[] event = Events.text("link").getBytes(StandardCharsets.UTF_8);
        try (DirectFunction continuing = new DirectFunction(closed,
                HandWrittenConfig.defaults().withOnLookupFailed("continue"))) {

            DirectFunction.Answer answer = continuing.invoke(event);

            assertThat(answer.output()).isEqualTo(event);
            JsonNode line = json.readTree(continuing.audit.lines().get(0));
            assertThat(line.path("outcome").asText()).isEqualTo("continued");
            assertThat(line.path("reason").asText()).isEqualTo("lookup-failed");
            assertThat(line.path("failure").asText()).isEqualTo("list-users-connection-refused");
        }
    }
}
