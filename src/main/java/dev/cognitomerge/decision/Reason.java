package dev.cognitomerge.decision;

/**
 * Why a decision was taken. The code goes to the audit record and the metrics; the user message is the
 * only text a refusal shows, because Cognito hands a thrown error to the user verbatim as
 * "PreSignUp failed with error &lt;message&gt;." (docs/cognito-facts.md#trigger-budget).
 */
public enum Reason {
    LINKED("linked"),
    ALREADY_LINKED("already-linked"),
    DRY_RUN("dry-run"),

    NOT_EXTERNAL_PROVIDER("not-external-provider"),
    UNKNOWN_PROVIDER("unknown-provider"),
    MALFORMED_USERNAME("malformed-username"),
    POOL_ID_MISSING("pool-id-missing"),
    SUBJECT_MISSING("subject-missing"),
    SUBJECT_MISMATCH("subject-mismatch"),
    SUBJECT_TOO_LONG("subject-too-long"),
    EMAIL_MISSING("email-missing"),
    EMAIL_INVALID("email-invalid"),
    EMAIL_NOT_VERIFIED("email-not-verified"),
    EMAIL_TOO_LONG("email-too-long"),

    NO_CANDIDATE("no-candidate"),
    CANDIDATE_NOT_CONFIRMED("candidate-not-confirmed"),
    CANDIDATE_EMAIL_NOT_VERIFIED("candidate-email-not-verified"),
    CANDIDATE_DISABLED("candidate-disabled",
            "This account cannot sign in right now. Please contact support."),
    AMBIGUOUS("ambiguous",
            "More than one account uses this email address. Please contact support."),
    LINK_LIMIT_REACHED("link-limit-reached",
            "No more sign-in methods can be added to this account. Please contact support."),
    /** The text is the default of merge.protected-account-message; LinkRules#userMessage gives the configured one. */
    PROTECTED_ACCOUNT("protected-account", TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE),
    PROVIDER_ALREADY_LINKED("provider-already-linked",
            "This account already has a sign-in from this provider. Please contact support."),
    /** An operator unlinked this identity from the owner (its custom:merge_unlinked lists it): never linked back. */
    UNLINKED_BY_OPERATOR("unlinked-by-operator"),
    LOOKUP_FAILED("lookup-failed",
            "Sign-in is temporarily unavailable. Please try again in a moment."),
    INVALID_EVENT("invalid-event",
            "The sign-in request could not be read. Please try again."),
    INTERNAL_ERROR("internal-error",
            "Sign-in is temporarily unavailable. Please try again in a moment."),

    // One account per email whichever way the person arrives (merge.when-no-native-user, merge.native-sign-up-guard).
    CREATED_AND_LINKED("created-and-linked"),
    RESUMED_AND_LINKED("resumed-and-linked"),
    WOULD_CREATE("would-create"),
    FEDERATED_USER_EXISTS("federated-user-exists"),
    CREATE_CONFLICT("create-conflict",
            "Your account is being set up. Please sign in again."),
    CREATE_FAILED("create-failed",
            "Sign-in is temporarily unavailable. Please try again in a moment."),
    NATIVE_SIGN_UP_ALLOWED("native-sign-up-allowed"),
    /**
     * create-and-link, nobody holds the email, but the event did not assert email_verified=true (or the provider's
     * verification is off): a native user with a verified email is only ever made from the IdP's own assertion.
     */
    UNVERIFIED_NOT_CREATED("unverified-not-created"),
    /** create-and-link, but the pool cannot take the user (no custom:merge_created, or phone-number usernames). */
    CREATE_NOT_CONFIGURED("create-not-configured"),
    /** The configured merge.native-sign-up-guard-message replaces this text (MergeSettings#userMessage). */
    FEDERATED_ACCOUNT_EXISTS("federated-account-exists",
            "This email address already signs in another way. Please use that sign-in.");

    private static final String GENERIC_MESSAGE = "Sign-in could not be completed. Please try again later.";

    private final String code;
    private final String userMessage;

    Reason(String code) {
        this(code, GENERIC_MESSAGE);
    }

    Reason(String code, String userMessage) {
        this.code = code;
        this.userMessage = userMessage;
    }

    public String code() {
        return code;
    }

    /** Text safe to show the person signing in: it names no account, email or internal detail. */
    public String userMessage() {
        return userMessage;
    }
}
