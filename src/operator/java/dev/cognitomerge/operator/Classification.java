package dev.cognitomerge.operator;

/**
 * What reconcile found for one federated-only user.
 *
 * @param kind one of the codes below
 * @param why the decision's reason code when the kind alone does not say it (else null)
 * @param destination the native user the identity would join, when one was chosen (else null)
 * @param nativeSharesEmail a native user holds the same email (as EmailKey compares): a split account, whatever
 *        its class
 */
record Classification(PoolUser federated, String kind, String why, String providerName, String subject,
        String email, String destination, boolean nativeSharesEmail) {

    static final String REPAIRABLE = "repairable";
    static final String AMBIGUOUS = "ambiguous";
    static final String NO_NATIVE_USER = "no-native-user";
    static final String CANDIDATE_NOT_QUALIFIED = "candidate-not-qualified";
    static final String FEDERATED_EMAIL_UNVERIFIED = "federated-email-unverified";
    static final String LINK_LIMIT_REACHED = "link-limit-reached";
    /** The federated profile itself cannot be linked (no email, malformed, subject too long, ...): see why. */
    static final String NOT_LINKABLE = "not-linkable";
    /**
     * The native owner is protected under --protected-accounts (MFA, or a protected group): the trigger never links
     * it automatically (a link would let the IdP in without the MFA step), so neither does a repair. Verify the
     * person out of band, then use the {@code link} command.
     */
    static final String PROTECTED_ACCOUNT = "protected-account";
    /**
     * The native owner's custom:merge_unlinked lists this identity: an operator unlinked it, and the trigger keeps it
     * apart (reason unlinked-by-operator). A repair would undo the unlink, so it is never made; {@code link} is the
     * deliberate way back.
     */
    static final String UNLINKED_BY_OPERATOR = "unlinked-by-operator";

    /** Every class, in report order. */
    static final java.util.List<String> KINDS = java.util.List.of(REPAIRABLE, AMBIGUOUS, NO_NATIVE_USER,
            CANDIDATE_NOT_QUALIFIED, FEDERATED_EMAIL_UNVERIFIED, LINK_LIMIT_REACHED, NOT_LINKABLE, PROTECTED_ACCOUNT,
            UNLINKED_BY_OPERATOR);

    boolean repairable() {
        return REPAIRABLE.equals(kind);
    }
}
