package dev.cognitomerge.hardening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognitomerge.decision.Reason;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One event delivered to the function through the Lambda mock event server, timed from Cognito's side
 * (the caller), with the checks every hardening test shares.
 */
record Delivery(Response response, Duration elapsed) {

    /** Every text a refusal may show the person signing in. */
    static final Set<String> USER_MESSAGES = Arrays.stream(Reason.values()).map(Reason::userMessage)
            .collect(Collectors.toUnmodifiableSet());

    static Delivery of(String event) {
        long started = System.nanoTime();
        Response response = given().contentType("application/json").body(event).when().post();
        return new Delivery(response, Duration.ofNanos(System.nanoTime() - started));
    }

    static Delivery of(byte[] event) {
        long started = System.nanoTime();
        Response response = given().contentType("application/json").body(event).when().post();
        return new Delivery(response, Duration.ofNanos(System.nanoTime() - started));
    }

    boolean refused() {
        return response.statusCode() == 500;
    }

    /** The message Cognito would show; fails unless the answer is a deliberate refusal. */
    String refusal() {
        assertThat(response.statusCode()).as("a refusal answers 500").isEqualTo(500);
        assertThat(response.jsonPath().getString("errorType")).endsWith("SignUpRefusedException");
        return response.jsonPath().getString("errorMessage");
    }

    /**
     * A correctness bound, not a benchmark: Cognito gives up on the trigger after 5 s, so the function
     * must answer within its budget. Checked twice: the handler's own duration (the audit line's
     * DurationMs, what Cognito waits for) against a tight margin, and the round trip through the mock
     * event server against a generous one, for JIT, GC and a busy 2-core CI machine. Fault delays in these
     * tests are longer than budget + margin, so an SDK timeout that did not fire would fail here.
     */
    Delivery answeredWithin(Duration budget, JsonNode auditLine) {
        assertThat(Duration.ofMillis(auditLine.path("DurationMs").asLong()))
                .as("the handler's own duration (audit DurationMs)")
                .isLessThan(budget.plus(Hardening.HANDLER_MARGIN));
        assertThat(elapsed).as("the round trip through the Lambda mock event server")
                .isLessThan(budget.plus(Hardening.ROUND_TRIP_MARGIN));
        return this;
    }
}
