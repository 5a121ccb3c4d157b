package dev.cognitomerge.operator;

/** A command line the operator must correct: printed as one sentence, exit code 2, no stack trace. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
