package dev.cognitomerge.decision;

import java.util.Locale;

/**
 * What to do when the owner already holds a different identity of the signing-in provider. A second subject
 * of one IdP claiming the same address is a reassigned mailbox or a second IdP account; Keycloak keeps at most
 * one link per identity provider per user, and so do we unless told otherwise.
 */
public enum SecondIdentityAction {
    REFUSE,
    LINK;

    /** Parses {@code refuse} / {@code link} (any case); anything else is a configuration error. */
    public static SecondIdentityAction parse(String setting, String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "refuse":
                    return REFUSE;
                case "link":
                    return LINK;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(setting + " must be 'refuse' or 'link', but is '" + value + "'");
    }
}
