package dev.cognitomerge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A refusal is a decision, recorded by its audit line; with {@code quarkus.lambda.expected-exceptions} naming
 * {@link SignUpRefusedException} the poll loop does not add an ERROR for it, so alerts on ERROR mean a fault.
 * {@link RefusalLoggingControlTest} shows the same capture does see the ERROR when the setting is absent.
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class RefusalIsNotAnErrorTest extends RefusalLogging {

    @Test
    void aRefusalIsAuditedButNotLoggedAsAnError() {
        assertThat(refuseAndCollectPollLoopErrors()).isEmpty();
    }
}
