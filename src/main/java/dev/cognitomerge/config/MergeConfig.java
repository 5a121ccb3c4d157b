package dev.cognitomerge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the function. Each key is settable from the environment: {@code merge.on-ambiguous}
 * is {@code MERGE_ON_AMBIGUOUS}. {@link MergeSettings} validates the values once at start, so a wrong
 * variable stops the function at init with a sentence instead of failing the first sign-up.
 *
 * <p>Every value SmallRye would have to convert (yes/no, durations, URLs) is read here as text and parsed by
 * {@link SettingParser}: SmallRye's boolean converter takes any unknown word for {@code false}, and its other
 * converters fail one value at a time with their own codes and the internal key names.
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

    /** Link only when the IdP asserted {@code email_verified = true}: {@code true} or {@code false}. */
    @WithDefault("true")
    String requireVerifiedEmail();

    /** Decide and write the audit record, but never call AdminLinkProviderForUser: {@code true} or {@code false}. */
    @WithDefault("false")
    String dryRun();

    /** What to do when more than one native account owns the email: refuse or continue. */
    @WithDefault("refuse")
    String onAmbiguous();

    /** What to do when Cognito cannot be asked or answers with an error after retries. */
    @WithDefault("refuse")
    String onLookupFailed();

    /** Upper bound for one invocation; the Lambda deadline minus {@link #deadlineMargin()} can only lower it. */
    @WithDefault("4500ms")
    String timeBudget();

    /** Kept free before the Lambda deadline so the answer (or the refusal) still reaches Cognito. */
    @WithDefault("200ms")
    String deadlineMargin();

    /** CloudWatch Embedded Metric Format namespace of the per-outcome counters. */
    @WithDefault("CognitoOidcMerge")
    String metricsNamespace();

    /**
     * SnapStart only: before the snapshot, create the Cognito client and run one synthetic sign-up against a
     * loopback responder, so a restored function answers its first sign-up without loading the SDK path.
     */
    @WithDefault("true")
    String snapstartPriming();

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

    /**
     * Which owners are never linked automatically: {@code off}, {@code mfa} (any MFA method registered) or
     * {@code mfa-and-groups} (also members of {@link #protectedGroups()}). A link gives the IdP the account
     * without its MFA step; an operator links a refused account deliberately.
     */
    @WithDefault("mfa")
    String protectedAccounts();

    /** Group names whose members are never linked automatically; required by {@code mfa-and-groups}. */
    Optional<List<String>> protectedGroups();

    /** The text a refused protected owner sees; unset: tells the person to keep signing in the usual way. */
    Optional<String> protectedAccountMessage();

    /** When the owner already holds a different identity of the same provider: {@code refuse} or {@code link}. */
    @WithDefault("refuse")
    String onSecondIdentity();

    /**
     * SNS topic that receives a message each time an identity is linked (pool, provider, destination user, time;
     * never an email in clear), so an application can tell the account owner "a new sign-in method was added".
     * Unset (the default): no notification, no SNS permission needed.
     */
    Optional<String> linkNotificationTopicArn();

    /** Tests and local stand-ins only: where the SNS client sends the notification instead of AWS. */
    Optional<String> linkNotificationEndpointOverride();

    /**
     * Per-provider trust, keyed by the provider name as in {@link #providerNames()} (compared case-insensitively):
     * {@code merge.provider."Descope".require-verified-email}, env {@code MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL}.
     * A provider without an entry, or an entry without a key, uses the global setting.
     */
    Map<String, ProviderConfig> provider();

    /** The trust settings one provider may set for itself. */
    interface ProviderConfig {

        /**
         * Overrides {@link MergeConfig#requireVerifiedEmail()} for this provider: {@code true} or {@code false}.
         * Read as text because SmallRye takes any unknown word for false, and a typo must not waive the check.
         */
        Optional<String> requireVerifiedEmail();

        /** Overrides {@link MergeConfig#subjectAttribute()} for this provider. */
        Optional<String> subjectAttribute();

        /**
         * Self-service linking only: the {@code iss} of this provider's ID tokens, whose
         * {@code /.well-known/openid-configuration} names its keys ({@code MERGE_PROVIDER__<NAME>__ISSUER}). Raw text,
         * checked by {@link SelfServiceSettings}.
         */
        Optional<String> issuer();

        /**
         * Self-service linking only: the {@code aud} values (comma-separated) this provider's ID tokens must carry: the
         * application's client id at the IdP ({@code MERGE_PROVIDER__<NAME>__AUDIENCE}). Raw text.
         */
        Optional<String> audience();
    }

    /**
     * Self-service linking ({@code QUARKUS_LAMBDA_HANDLER=self-service-link}); read, and required, only when that
     * handler is selected, so the trigger starts without them. Raw text, checked strictly by {@link SelfServiceSettings}.
     */
    SelfService selfService();

    interface SelfService {
        /** MERGE_SELF_SERVICE_USER_POOL_ID: the pool whose users link their identities. */
        Optional<String> userPoolId();

        /** MERGE_SELF_SERVICE_CLIENT_IDS: the app clients (comma-separated) whose Cognito ID tokens are accepted. */
        Optional<String> clientIds();

        /** MERGE_SELF_SERVICE_ALLOWED_ORIGINS: browser origins (comma-separated) that may call the endpoint. */
        Optional<String> allowedOrigins();

        /** MERGE_SELF_SERVICE_MAX_AUTH_AGE: how old a sign-in may be when it links (default 10m). */
        Optional<String> maxAuthAge();

        /** MERGE_SELF_SERVICE_COGNITO_ISSUER: default https://cognito-idp.<region>.amazonaws.com/<pool id>. */
        Optional<String> cognitoIssuer();
    }
}
