package dev.cognitomerge.decision;

/** What the trigger did with one event. Only {@link #REFUSED} makes Cognito stop the sign-in. */
public enum Outcome {
    LINKED("linked"),
    ALREADY_LINKED("already-linked"),
    CONTINUED("continued"),
    REFUSED("refused");

    private final String code;

    Outcome(String code) {
        this.code = code;
    }

    /** The value written to the audit record and used as a metric dimension. */
    public String code() {
        return code;
    }
}
