package dev.cognitomerge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The control for {@link RefusalIsNotAnErrorTest}: with {@code quarkus.lambda.expected-exceptions} naming something
 * else, the poll loop logs the refusal as "Failed to run lambda" at ERROR, and the capture sees it. So the empty
 * result there comes from the setting, not from a capture that sees nothing.
 */
@QuarkusTest
@TestProfile(RefusalLoggingControlTest.RefusalNotExpected.class)
@WithTestResource(StandInResource.class)
class RefusalLoggingControlTest extends RefusalLogging {

    public static class RefusalNotExpected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The capture is a handler on the poll loop's own logger, so it still sees the record; keeping it off the
            // console stops this deliberate ERROR from reading like a failure in a green build's output.
            return Map.of("quarkus.lambda.expected-exceptions", "java.util.concurrent.CancellationException",
                    "quarkus.log.category.\"" + POLL_LOOP_LOGGER + "\".use-parent-handlers", "false");
        }
    }

    @Test
    void withoutTheSettingThePollLoopLogsTheRefusalAsAnError() {
        assertThat(refuseAndCollectPollLoopErrors()).singleElement()
                .satisfies(record -> assertThat(record.getMessage()).contains("Failed to run lambda"));
    }
}
