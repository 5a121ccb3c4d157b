package dev.cognitomerge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.FunctionOverStandIn;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the Quarkus Lambda poll loop logs when the function refuses a sign-in. The poll loop is the runtime the native
 * {@code bootstrap} runs on {@code provided.al2023}, and the one the Lambda mock event server drives in tests, so these
 * tests see exactly what CloudWatch would get from it.
 */
abstract class RefusalLogging extends FunctionOverStandIn {

    /** The poll loop's logger, which writes "Failed to run lambda" for every exception the handler throws. */
    static final String POLL_LOOP_LOGGER = "io.quarkus.amazon.lambda.runtime.AbstractLambdaPollLoop";

    private final List<LogRecord> pollLoopRecords = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            pollLoopRecords.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void twoAccountsOwnTheEmail() {
        standIn.reset();
        standIn.addUser(StandInUser.confirmed("alex-1", "alex@example.com"));
        standIn.addUser(StandInUser.confirmed("alex-2", "alex@example.com"));
        captureAudit();
        Logger.getLogger(POLL_LOOP_LOGGER).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger(POLL_LOOP_LOGGER).removeHandler(capture);
    }

    /** Posts the ambiguous sample event, checks the refusal reached Cognito, and returns the poll loop's errors for it. */
    List<LogRecord> refuseAndCollectPollLoopErrors() {
        given().contentType("application/json").body(Events.text("ambiguous")).when().post().then().statusCode(500);
        assertThat(audit.last().path("outcome").asText()).isEqualTo("refused");
        assertThat(audit.last().path("reason").asText()).isEqualTo("ambiguous");
        return pollLoopRecords.stream()
                .filter(record -> record.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(record -> record.getThrown() instanceof SignUpRefusedException)
                .toList();
    }
}
