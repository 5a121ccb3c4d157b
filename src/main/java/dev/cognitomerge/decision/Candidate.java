package dev.cognitomerge.decision;

import java.util.List;

/**
 * A user ListUsers returned for the email.
 *
 * @param status Cognito's {@code UserStatus} as sent (CONFIRMED, UNCONFIRMED, EXTERNAL_PROVIDER, ...)
 * @param email the user's {@code email} attribute, or {@code null}
 * @param identities the user's parsed {@code identities} attribute (empty when it has none)
 * @param createdBy the identity named by the user's {@code custom:merge_created} attribute: whose first sign-in made
 *     create-and-link create this user; {@code null} when the attribute is absent or unreadable
 * @param unlinked the identities listed in the user's {@code custom:merge_unlinked} attribute: identities an operator
 *     unlinked from this user, never to be linked back automatically (empty when it has none)
 */
public record Candidate(
        String username,
        String status,
        boolean enabled,
        String email,
        boolean emailVerified,
        List<LinkedIdentity> identities,
        LinkedIdentity createdBy,
        List<LinkedIdentity> unlinked) {

    static final String CONFIRMED = "CONFIRMED";
    static final String EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER";
    static final String FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD";

    public Candidate {
        identities = identities == null ? List.of() : List.copyOf(identities);
        unlinked = unlinked == null ? List.of() : List.copyOf(unlinked);
    }

    /** A user without the function's own attributes (no creation marker, nothing unlinked). */
    public Candidate(String username, String status, boolean enabled, String email, boolean emailVerified,
            List<LinkedIdentity> identities) {
        this(username, status, enabled, email, emailVerified, identities, null, List.of());
    }

    /** A user that exists only through an IdP: never a link target. */
    public boolean isFederated() {
        return EXTERNAL_PROVIDER.equals(status);
    }

    boolean isConfirmed() {
        return CONFIRMED.equals(status);
    }

    /**
     * What an unreadable {@code custom:merge_unlinked} reads as: a record that lists every identity. Only IAM-authorised
     * calls can write it, but a record we cannot read may still be an operator's unlink, so it fails closed (the link is
     * not made; the operator's {@code link} rewrites the record).
     */
    public static final LinkedIdentity UNREADABLE_RECORD = new LinkedIdentity(null, null);

    /**
     * True when an operator unlinked {@code identity} from this user (provider name in any case, subject exact), or
     * when the record cannot be read ({@link #UNREADABLE_RECORD}).
     */
    boolean unlinkedByOperator(FederatedIdentity identity) {
        return unlinked.stream().anyMatch(entry -> entry.equals(UNREADABLE_RECORD) || entry.names(identity));
    }
}
