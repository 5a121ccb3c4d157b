package dev.cognitomerge.event;

/** The invocation body is not a JSON object, so it cannot be a Pre sign-up event. */
public final class InvalidEventException extends Exception {

    public InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
