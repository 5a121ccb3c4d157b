package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The default failure action: refuse. The user sees "try again in a moment" and Cognito creates no user,
 * so the next attempt can still link; continuing would create a second account Cognito can never merge.
 */
@QuarkusTest
@TestProfile(Hardening.TightBudget.class)
@WithTestResource(StandInResource.class)
class FaultsRefusingTest extends FaultScenarios {

    @Override
    void assertTheFailureAction(Delivery delivery, String event) {
        assertThat(delivery.refusal()).isEqualTo(Reason.LOOKUP_FAILED.userMessage());
    }

    @Override
    String failureOutcome() {
        return "refused";
    }
}
