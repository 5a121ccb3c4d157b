package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;

/**
 * merge.on-lookup-failed=continue: the sign-up goes on with the event unchanged. Availability over
 * account unity; the operator chose that a Cognito fault may leave a separate federated account.
 */
@QuarkusTest
@TestProfile(Hardening.TightBudgetContinuing.class)
@WithTestResource(StandInResource.class)
class FaultsContinuingTest extends FaultScenarios {

    @Override
    void assertTheFailureAction(Delivery delivery, String event) throws IOException {
        delivery.response().then().statusCode(200);
        ObjectMapper plain = new ObjectMapper();
        assertThat(plain.readTree(delivery.response().asString())).isEqualTo(plain.readTree(event));
    }

    @Override
    String failureOutcome() {
        return "continued";
    }
}
