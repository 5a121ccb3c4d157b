package dev.cognitomerge.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The wait before retrying a throttled call: full jitter, bounded, and never longer than the cap. */
class ThrottleBackoffTest {

    @RepeatedTest(200)
    void everyWaitIsUniformBetweenZeroAndTheDoublingCeiling() {
        assertThat(UserDirectory.throttleBackoff(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(UserDirectory.throttleBackoff(2)).isBetween(Duration.ZERO, Duration.ofMillis(200));
        assertThat(UserDirectory.throttleBackoff(30)).isBetween(Duration.ZERO, UserDirectory.THROTTLE_BACKOFF_CAP);
    }

    @Test
    void theWaitsSpreadOverTheWholeRangeSoInstancesDoNotRetryInStep() {
        // GIVEN 2,000 waits before a second retry
        long below50 = 0;
        long above150 = 0;
        for (int i = 0; i < 2_000; i++) {
            long millis = UserDirectory.throttleBackoff(2).toMillis();
            below50 += millis < 50 ? 1 : 0;
            above150 += millis > 150 ? 1 : 0;
        }
        // THEN about a quarter fall in each end of [0, 200] ms (full jitter, not "base plus a little")
        assertThat(below50).isBetween(350L, 650L);
        assertThat(above150).isBetween(350L, 650L);
    }
}
