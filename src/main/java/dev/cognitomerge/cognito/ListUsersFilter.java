package dev.cognitomerge.cognito;

import dev.cognitomerge.decision.EmailFilter;
import java.util.Optional;

/**
 * The ListUsers filter for an exact email match, as {@link EmailFilter} builds it: the rule (escapes, the
 * 256-character limit) lives in the pure decision package, which the decision checks before any call and
 * this side sends, so both always agree.
 */
public final class ListUsersFilter {

    /** Cognito rejects longer filters (aws-sdk-net #3565). */
    public static final int MAX_LENGTH = EmailFilter.MAX_LENGTH;

    private ListUsersFilter() {
    }

    /** The filter {@code email = "<escaped value>"}, or empty when it would exceed {@link #MAX_LENGTH}. */
    public static Optional<String> emailEquals(String email) {
        return EmailFilter.emailEquals(email);
    }
}
