package dev.cognitomerge.operator;

/**
 * A command stopped part-way: the message says what was done and what was not, for a person to read
 * (exit code 1, no stack trace).
 */
final class OperatorFailure extends Exception {

    OperatorFailure(String message) {
        super(message);
    }

    OperatorFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
