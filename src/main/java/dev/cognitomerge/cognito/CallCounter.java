package dev.cognitomerge.cognito;

/** Counts the Cognito operations one invocation made (a retried operation counts once). */
public final class CallCounter {

    private int calls;

    void add() {
        calls++;
    }

    public int calls() {
        return calls;
    }
}
