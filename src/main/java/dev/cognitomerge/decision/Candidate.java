package dev.cognitomerge.decision;

import java.util.List;

/**
 * A user ListUsers returned for the email.
 *
 * @param status Cognito's {@code UserStatus} as sent (CONFIRMED, UNCONFIRMED, EXTERNAL_PROVIDER, ...)
 * @param email the user's {@code email} attribute, or {@code null}
 * @param identities the user's parsed {@code identities} attribute (empty when it has none)
 */
public record Candidate(
        String username,
        String status,
        boolean enabled,
        String email,
        boolean emailVerified,
        List<LinkedIdentity> identities) {

    static final String CONFIRMED = "CONFIRMED";
    static final String EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER";
    static final String FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD";

    public Candidate {
        identities = identities == null ? List.of() : List.copyOf(identities);
    }

    /** A user that exists only through an IdP: never a link target. */
    public boolean isFederated() {
        return EXTERNAL_PROVIDER.equals(status);
    }

    boolean isConfirmed() {
        return CONFIRMED.equals(status);
    }
}
