package dev.cognitomerge.decision;

import java.util.Locale;

/**
 * Which native accounts are never linked automatically. A link gives the IdP the account's tokens and groups
 * without the account's own MFA step (docs/cognito-facts.md#link-bypasses-mfa), so an account that set up MFA,
 * or that holds a protected group, is left to an operator who verified the person out of band.
 */
public enum ProtectionMode {
    /** Every owner may be linked (the behaviour before protected accounts existed). */
    OFF("off"),
    /** Owners with any MFA method registered are refused. Costs one AdminGetUser per link. */
    MFA("mfa"),
    /** As {@link #MFA}, and owners in a protected group are refused. Adds AdminListGroupsForUser. */
    MFA_AND_GROUPS("mfa-and-groups");

    private final String code;

    ProtectionMode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Parses {@code off} / {@code mfa} / {@code mfa-and-groups} (any case); anything else is a configuration error. */
    public static ProtectionMode parse(String setting, String value) {
        if (value != null) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (ProtectionMode mode : values()) {
                if (mode.code.equals(wanted)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException(
                setting + " must be 'off', 'mfa' or 'mfa-and-groups', but is '" + value + "'");
    }

    boolean readsGroups() {
        return this == MFA_AND_GROUPS;
    }
}
