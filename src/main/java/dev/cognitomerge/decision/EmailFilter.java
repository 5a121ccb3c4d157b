package dev.cognitomerge.decision;

import java.util.Optional;

/**
 * The text of a ListUsers filter for an exact email match, and whether it fits. Pure, so the decision can
 * ask whether an email fits before any call is made, and the Cognito side builds the very same string
 * ({@code cognito.ListUsersFilter} delegates here): the dependency points from {@code cognito/} down to
 * {@code decision/}, never back up.
 *
 * <p>Cognito's grammar is {@code attribute = "value"}; inside the value a {@code "} is escaped with a
 * backslash (docs/cognito-facts.md#list-users-filter). We escape the backslash
 * too, so no character of an email can end the quoted value early or turn {@code =} into a prefix
 * search: the filter always means "email equals exactly this string".
 */
public final class EmailFilter {

    /** Cognito rejects longer filters (aws-sdk-net #3565); we check before calling. */
    public static final int MAX_LENGTH = 256;

    private EmailFilter() {
    }

    /** The filter {@code email = "<escaped value>"}, or empty when it would exceed {@link #MAX_LENGTH}. */
    public static Optional<String> emailEquals(String email) {
        String filter = "email = \"" + escape(email) + "\"";
        return filter.length() <= MAX_LENGTH ? Optional.of(filter) : Optional.empty();
    }

    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
