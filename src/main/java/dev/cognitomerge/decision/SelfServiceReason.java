package dev.cognitomerge.decision;

/**
 * Why a self-service link request ended as it did (QUARKUS_LAMBDA_HANDLER=self-service-link). The code is the
 * {@code error} (or {@code reason}) of the answer, the audit record's {@code reason} and a metric dimension; the
 * message is the only text the person sees. Messages name no account, email or internal detail beyond what the
 * person just proved they hold.
 */
public enum SelfServiceReason {
    LINKED("linked", null),
    ALREADY_LINKED("already-linked", null),
    /** MERGE_DRY_RUN=true: every check ran, the link was not made. */
    DRY_RUN("dry-run", null),

    INVALID_REQUEST("invalid-request",
            "The request could not be read. Please try again from the application."),
    ORIGIN_NOT_ALLOWED("origin-not-allowed",
            "This page may not link sign-in methods. Please use the application's own page."),
    INVALID_TOKEN("invalid-token",
            "Your sign-in could not be verified. Please sign in again and retry."),
    STALE_SIGN_IN("stale-sign-in",
            "For your security, please sign in again with your password, then add the new sign-in right away."),
    NOT_A_NATIVE_SIGN_IN("not-a-native-sign-in",
            "Please sign in with your password (not with another sign-in method) before adding a new one."),
    UNKNOWN_PROVIDER("unknown-provider",
            "This sign-in method cannot be added here."),
    CANDIDATE_NOT_QUALIFIED("candidate-not-qualified",
            "Sign-in methods cannot be added to this account right now. Please contact support."),
    EMAIL_NOT_VERIFIED("email-not-verified",
            "The new sign-in has not verified its email address. Please verify it there, then try again."),
    EMAIL_MISMATCH("email-mismatch",
            "The new sign-in uses a different email address than this account. Please use the same address in both."),
    UNLINKED_BY_OPERATOR("unlinked-by-operator",
            "This sign-in was removed from your account by support and cannot be added again here. Please contact support."),
    PROVIDER_ALREADY_LINKED("provider-already-linked",
            "This account already has a sign-in from this provider. Please contact support to replace it."),
    LINK_LIMIT_REACHED("link-limit-reached",
            "No more sign-in methods can be added to this account. Please contact support."),
    IDENTITY_HAS_PROFILE("identity-has-profile",
            "This sign-in already has an account of its own. Please contact support to merge the two accounts,"
                    + " then sign in with it once more."),
    LINK_REFUSED("link-refused",
            "This sign-in cannot be added to your account. Please contact support."),
    UNAVAILABLE("unavailable",
            "Linking is temporarily unavailable. Please try again in a moment."),
    INTERNAL_ERROR("internal-error",
            "Linking is temporarily unavailable. Please try again in a moment.");

    private final String code;
    private final String message;

    SelfServiceReason(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    /** The sentence a refusal shows the person; null for the answers that are not refusals. */
    public String message() {
        return message;
    }
}
