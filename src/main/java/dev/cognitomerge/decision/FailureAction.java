package dev.cognitomerge.decision;

import java.util.Locale;

/** What an ambiguous match or a failed lookup does. Neither value can ever produce a link. */
public enum FailureAction {
    REFUSE,
    CONTINUE;

    /** Parses {@code refuse} / {@code continue} (any case); anything else is a configuration error. */
    public static FailureAction parse(String setting, String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "refuse":
                    return REFUSE;
                case "continue":
                    return CONTINUE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                setting + " must be 'refuse' or 'continue', but is '" + value + "'");
    }

    Outcome outcome() {
        return this == REFUSE ? Outcome.REFUSED : Outcome.CONTINUED;
    }
}
