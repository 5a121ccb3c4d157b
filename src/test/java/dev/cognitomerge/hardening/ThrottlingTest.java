package dev.cognitomerge.hardening;

import static dev.cognitomerge.hardening.Hardening.DEFAULT_BUDGET;
import static dev.cognitomerge.hardening.Hardening.JANE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.standin.Fault;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Throttling bursts with the default 4.5 s budget. Cognito's request quotas for ListUsers and
 * AdminLinkProviderForUser are low and TooManyRequestsException comes in bursts; UserDirectory (not the SDK) retries a
 * throttled call, 3 attempts with full-jitter waits of up to 100 ms, then up to 200 ms, and counts every throttled
 * answer in the audit line's CognitoThrottles. A burst shorter than the attempts links; a longer one ends in the
 * failure action, quickly.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class ThrottlingTest extends FunctionOverStandIn {

    /** UserDirectory.THROTTLED_ATTEMPTS. */
    static final int ATTEMPTS = 3;

    @BeforeEach
    void janeOwnsHerEmail() {
        Hardening.onlyJane(standIn);
        captureAudit();
    }

    void throttle(String operation, int times) {
        standIn.script(operation, Collections.nCopies(times, Fault.throttled()).toArray(Fault[]::new));
    }

    @ParameterizedTest(name = "{0} throttled {1} times")
    @CsvSource({"ListUsers, 1", "ListUsers, 2", "AdminLinkProviderForUser, 2"})
    void aBurstShorterThanTheRetriesStillLinksOnce(String operation, int burst) {
        throttle(operation, burst);

        Delivery.of(Events.text("link")).answeredWithin(DEFAULT_BUDGET, audit.last()).response().then().statusCode(200);

        assertThat(standIn.calls(operation)).hasSize(burst + 1);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        assertThat(audit.last().path("CognitoThrottles").asInt()).as("every throttled answer counted").isEqualTo(burst);
        assertThat(audit.last().path("CognitoCalls").asInt()).as("a retried operation counts once").isEqualTo(3);
        assertThat(standIn.identities(JANE)).hasSize(1);
    }

    @ParameterizedTest(name = "{0} throttled {1} times")
    @CsvSource({"ListUsers, 10, list-users", "AdminLinkProviderForUser, 3, link"})
    void aBurstAsLongAsTheAttemptsOrLongerRefusesInsideTheBudgetAndLinksNothing(String operation, int burst, String call) {
        throttle(operation, burst);

        Delivery delivery = Delivery.of(Events.text("link")).answeredWithin(DEFAULT_BUDGET, audit.last());

        assertThat(delivery.refusal()).isEqualTo(Reason.LOOKUP_FAILED.userMessage());
        // The SDK stops after its attempts: a longer burst costs no more calls.
        assertThat(standIn.calls(operation)).hasSize(ATTEMPTS);
        assertThat(audit.last().path("reason").asText()).isEqualTo("lookup-failed");
        assertThat(audit.last().path("failure").asText()).isEqualTo(call + "-TooManyRequestsException");
        assertThat(audit.last().path("CognitoThrottles").asInt()).isEqualTo(ATTEMPTS);
        // the waits are short: a throttled sign-in gives its instance back within a second, not at the deadline
        assertThat(audit.last().path("DurationMs").asLong()).isLessThan(1500);
        assertThat(standIn.identities(JANE)).isEmpty();
    }

    @Test
    void aBurstOnBothCallsNeverAnswersSuccessWithoutTheLinkNorLinksTwice() {
        // GIVEN both calls throttled twice: 4 backoffs of up to 1, 2, 1 and 2 s may or may not fit 4.5 s
        throttle("ListUsers", 2);
        throttle("AdminLinkProviderForUser", 2);

        Delivery delivery = Delivery.of(Events.text("link")).answeredWithin(DEFAULT_BUDGET, audit.last());

        // THEN either it linked, or it refused and linked nothing: never a success answer without the link
        if (delivery.refused()) {
            assertThat(delivery.refusal()).isEqualTo(Reason.LOOKUP_FAILED.userMessage());
            assertThat(audit.last().path("failure").asText()).isIn("link-timeout", "link-no-time-left",
                    "link-TooManyRequestsException");
            assertThat(standIn.identities(JANE)).isEmpty();
            // the next delivery, without the throttles the first one did not reach, links
            standIn.reset();
            standIn.addUser(StandInUser.confirmed(JANE, "jane@example.com"));
            Delivery.of(Events.text("link")).response().then().statusCode(200);
        } else {
            assertThat(audit.last().path("outcome").asText()).isEqualTo("linked");
        }
        assertThat(standIn.identities(JANE)).hasSize(1);
    }
}
