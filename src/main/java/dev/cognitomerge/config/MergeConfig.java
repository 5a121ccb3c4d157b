package dev.cognitomerge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the function. Each key is settable from the environment: {@code merge.on-ambiguous}
 * is {@code MERGE_ON_AMBIGUOUS}. {@link MergeSettings} validates the values once at start, so a wrong
 * variable stops the function at init with a sentence instead of failing the first sign-up.
 */
@ConfigMapping(prefix = "merge")
public interface MergeConfig {

    /** Identity provider names (as configured in the pool) whose first sign-in is linked. */
    @WithDefault("Descope")
    List<String> providerNames();

    /**
     * User attribute in the event that carries the IdP's {@code sub} unchanged, for example
     * {@code custom:idp_sub}. Unset: the subject is the part of {@code userName} after the first '_'.
     */
    Optional<String> subjectAttribute();

    /** Link only when the IdP asserted {@code email_verified = true}. */
    @WithDefault("true")
    boolean requireVerifiedEmail();

    /** Decide and write the audit record, but never call AdminLinkProviderForUser. */
    @WithDefault("false")
    boolean dryRun();

    /** What to do when more than one native account owns the email: refuse or continue. */
    @WithDefault("refuse")
    String onAmbiguous();

    /** What to do when Cognito cannot be asked or answers with an error after retries. */
    @WithDefault("refuse")
    String onLookupFailed();

    /** Upper bound for one invocation; the Lambda deadline minus {@link #deadlineMargin()} can only lower it. */
    @WithDefault("4500ms")
    Duration timeBudget();

    /** Kept free before the Lambda deadline so the answer (or the refusal) still reaches Cognito. */
    @WithDefault("200ms")
    Duration deadlineMargin();

    /** CloudWatch Embedded Metric Format namespace of the per-outcome counters. */
    @WithDefault("CognitoOidcMerge")
    String metricsNamespace();

    /**
     * SnapStart only: before the snapshot, create the Cognito client and run one synthetic sign-up against a
     * loopback responder, so a restored function answers its first sign-up without loading the SDK path.
     */
    @WithDefault("true")
    boolean snapstartPriming();

    /**
     * A federated first sign-in whose email no user holds: {@code continue} (Cognito creates the federated-only
     * user) or {@code create-and-link} (the function creates the native user and links the identity to it).
     */
    @WithDefault("continue")
    String whenNoNativeUser();

    /**
     * A native sign-up ({@code PreSignUp_SignUp}) whose email a federated-only user holds: {@code off} or
     * {@code refuse} (with {@link #nativeSignUpGuardMessage()}).
     */
    @WithDefault("off")
    String nativeSignUpGuard();

    /** What the guard's refusal shows the person. It confirms that an account exists for the email. */
    @WithDefault("This email address already signs in another way. Please use that sign-in.")
    String nativeSignUpGuardMessage();

    /** Settings of the native user {@code create-and-link} creates. */
    Create create();

    interface Create {
        /**
         * Event attributes copied onto the created user besides {@code email} and {@code email_verified}, for
         * example {@code given_name,family_name}. Default: none.
         */
        Optional<List<String>> copyAttributes();
    }
}
