package dev.cognitomerge.cognito;

/**
 * Counts the Cognito operations one invocation made (a retried operation counts once) and the throttled answers
 * (TooManyRequestsException) it met along the way, retries included: the audit line's {@code CognitoThrottles}.
 */
public final class CallCounter {

    private int calls;
    private int throttles;

    void add() {
        calls++;
    }

    void throttled() {
        throttles++;
    }

    public int calls() {
        return calls;
    }

    public int throttles() {
        return throttles;
    }
}
