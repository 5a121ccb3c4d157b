package dev.cognitomerge.decision;

import java.util.Locale;

/** What a federated first sign-in does when no user at all holds its email ({@code merge.when-no-native-user}). */
public enum WhenNoNativeUser {
    /** Let Cognito create the federated-only user, as without this function. */
    CONTINUE,
    /** Create the native user, give it a random permanent password, and link the identity to it. */
    CREATE_AND_LINK;

    /** Parses {@code continue} / {@code create-and-link} (any case); anything else is a configuration error. */
    public static WhenNoNativeUser parse(String setting, String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "continue":
                    return CONTINUE;
                case "create-and-link":
                    return CREATE_AND_LINK;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                setting + " must be 'continue' or 'create-and-link', but is '" + value + "'");
    }
}
