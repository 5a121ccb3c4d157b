package dev.cognitomerge.operator;

import java.util.Optional;

/**
 * A command line the operator must correct: printed as one sentence followed by the command's usage, exit code 2,
 * no stack trace.
 */
final class UsageException extends Exception {

    private final String command;

    UsageException(String message) {
        this(message, null);
    }

    /** @param command the command whose usage to print after the sentence, or null for the tool's */
    UsageException(String message, String command) {
        super(message);
        this.command = command;
    }

    Optional<String> command() {
        return Optional.ofNullable(command);
    }
}
