package dev.cognitomerge.operator;

/**
 * What reconcile found for one federated-only user.
 *
 * @param kind one of the codes below
 * @param why the decision's reason code when the kind alone does not say it (else null)
 * @param destination the native user the identity would join, when one was chosen (else null)
 */
record Classification(PoolUser federated, String kind, String why, String providerName, String subject,
        String email, String destination) {

    static final String REPAIRABLE = "repairable";
    static final String AMBIGUOUS = "ambiguous";
    static final String NO_NATIVE_USER = "no-native-user";
    static final String CANDIDATE_NOT_QUALIFIED = "candidate-not-qualified";
    static final String FEDERATED_EMAIL_UNVERIFIED = "federated-email-unverified";
    static final String LINK_LIMIT_REACHED = "link-limit-reached";
    /** The federated profile itself cannot be linked (no email, malformed, subject too long, ...): see why. */
    static final String NOT_LINKABLE = "not-linkable";
    /**
     * The native owner has MFA: the trigger never links it automatically (a link would let the IdP in without the
     * MFA step), so neither does a repair. Verify the person out of band, then use the {@code link} command.
     */
    static final String PROTECTED_ACCOUNT = "protected-account";

    boolean repairable() {
        return REPAIRABLE.equals(kind);
    }
}
