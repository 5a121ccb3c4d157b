package dev.cognitomerge.config;

import dev.cognitomerge.decision.AccountPolicy;
import dev.cognitomerge.decision.FailureAction;
import dev.cognitomerge.decision.LinkPolicy;
import dev.cognitomerge.decision.LinkRules;
import dev.cognitomerge.decision.NativeSignUpGuard;
import dev.cognitomerge.decision.Outcome;
import dev.cognitomerge.decision.PoolShape;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.WhenNoNativeUser;
import dev.cognitomerge.decision.ProtectionMode;
import dev.cognitomerge.decision.ProviderTrust;
import dev.cognitomerge.decision.SecondIdentityAction;
import dev.cognitomerge.decision.Step.Verdict;
import dev.cognitomerge.decision.TrustPolicy;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link MergeConfig}, checked once at start. A wrong {@code MERGE_*} variable stops the function at
 * init with one sentence per problem, naming the variable and the value, instead of failing sign-ups.
 */
@Startup
@ApplicationScoped
public class MergeSettings {

    /**
     * CreateIdentityProvider's ProviderName pattern (AWS API reference), which needs at least 3 characters,
     * at most 32. We also refuse any '_' (userName splits on the first one) and control characters such as a
     * tab, which the pattern's {@code [^_\p{Z}]} would let through.
     */
    static final Pattern PROVIDER_NAME = Pattern.compile("[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+");
    static final int PROVIDER_NAME_MAX = 32;
    /** Cognito waits 5 s for a trigger; a longer budget could only end in Cognito's own time-out. */
    static final Duration MAX_BUDGET = Duration.ofSeconds(5);
    /** CreateGroup's GroupName pattern and length (AWS API reference); whitespace refused as a likely typo. */
    static final Pattern GROUP_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    static final int GROUP_NAME_MAX = 128;
    /** Long enough for two sentences; Cognito wraps the text as "PreSignUp failed with error ...". */
    static final int MESSAGE_MAX = 200;
    /** A standard topic (CreateTopic name: 1-256 of A-Z a-z 0-9 - _); FIFO topics would need a MessageGroupId. */
    static final Pattern SNS_TOPIC_ARN = Pattern.compile("arn:[a-z-]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}");

    private final LinkRules rules;
    private final LinkPolicy policy;
    private final TrustPolicy trust;
    private final Duration timeBudget;
    private final Duration deadlineMargin;
    private final String metricsNamespace;
    private final AccountPolicy accounts;
    private final String nativeSignUpGuardMessage;

    /** Set by the function itself (email, email_verified) or by Cognito only; never copied from the event. */
    static final Set<String> NOT_COPYABLE = Set.of("email", "email_verified", "sub", "identities", "username",
            "phone_number_verified", "cognito:user_status", "cognito:mfa_enabled", PoolShape.CREATED_MARKER,
            PoolShape.UNLINKED_RECORD);
    /** Long enough for a sentence, short enough to stay one. */
    static final int MAX_MESSAGE_LENGTH = 200;
    private final Optional<String> linkNotificationTopicArn;
    private final Optional<java.net.URI> linkNotificationEndpointOverride;
    private final boolean snapstartPriming;
    private final List<String> providersThatNeverCreate;

    /** As deployed: the names of the process' environment variables are checked too ({@link SettingNames}). */
    @Inject
    public MergeSettings(MergeConfig config) {
        this(config, System.getenv().keySet());
    }

    /** {@code environmentNames}: the variable names to check for a {@code MERGE_*} this function does not read. */
    public MergeSettings(MergeConfig config, Set<String> environmentNames) {
        SettingParser parse = new SettingParser();
        List<String> problems = parse.problems();
        problems.addAll(SettingNames.unknown(environmentNames));
        // The fallbacks are the safe values; they only fill the gap while every problem is collected.
        boolean requireVerifiedEmail = parse.bool("MERGE_REQUIRE_VERIFIED_EMAIL", config.requireVerifiedEmail(), true);
        boolean dryRun = parse.bool("MERGE_DRY_RUN", config.dryRun(), true);
        boolean snapstartPriming = parse.bool("MERGE_SNAPSTART_PRIMING", config.snapstartPriming(), false);
        Optional<Duration> timeBudget = parse.duration("MERGE_TIME_BUDGET", config.timeBudget());
        Optional<Duration> deadlineMargin = parse.duration("MERGE_DEADLINE_MARGIN", config.deadlineMargin());
        List<String> providers = config.providerNames().stream().map(String::trim).toList();
        if (providers.isEmpty() || providers.stream().allMatch(String::isEmpty)) {
            problems.add("MERGE_PROVIDER_NAMES must name at least one identity provider");
        }
        for (String provider : providers) {
            if (provider.length() > PROVIDER_NAME_MAX || provider.indexOf('_') >= 0
                    || provider.chars().anyMatch(Character::isISOControl)
                    || !PROVIDER_NAME.matcher(provider).matches()) {
                problems.add("MERGE_PROVIDER_NAMES has '" + provider
                        + "', which is not a Cognito identity provider name (3-32 characters, no '_', spaces or control characters)");
            }
        }
        Optional<String> subjectAttribute = config.subjectAttribute().map(String::trim).filter(s -> !s.isEmpty());
        subjectAttribute.filter(name -> name.chars().anyMatch(Character::isWhitespace)).ifPresent(name ->
                problems.add("MERGE_SUBJECT_ATTRIBUTE must be an attribute name such as custom:idp_sub, but is '"
                        + name + "'"));
        FailureAction onAmbiguous = parseAction("MERGE_ON_AMBIGUOUS", config.onAmbiguous(), problems);
        FailureAction onLookupFailed = parseAction("MERGE_ON_LOOKUP_FAILED", config.onLookupFailed(), problems);
        boolean budgetValid = timeBudget.isPresent() && timeBudget.get().compareTo(Duration.ZERO) > 0
                && timeBudget.get().compareTo(MAX_BUDGET) <= 0;
        if (timeBudget.isPresent() && !budgetValid) {
            problems.add("MERGE_TIME_BUDGET must be more than 0 and at most 5s (Cognito's limit), but is "
                    + shown(config.timeBudget(), timeBudget.get()));
        }
        // Compared with the budget only when the budget itself is valid: one wrong value, one sentence.
        if (deadlineMargin.isPresent() && (deadlineMargin.get().isNegative()
                || budgetValid && deadlineMargin.get().compareTo(timeBudget.get()) >= 0)) {
            problems.add("MERGE_DEADLINE_MARGIN must be at least 0 and less than MERGE_TIME_BUDGET, but is "
                    + shown(config.deadlineMargin(), deadlineMargin.get()));
        }
        if (config.metricsNamespace().isBlank() || config.metricsNamespace().length() > 255) {
            problems.add("MERGE_METRICS_NAMESPACE must have 1-255 characters");
        }
        AccountPolicy accounts = accountPolicy(config, problems);
        String guardMessage = config.nativeSignUpGuardMessage().strip();
        if (guardMessage.isEmpty() || guardMessage.length() > MAX_MESSAGE_LENGTH
                || guardMessage.chars().anyMatch(Character::isISOControl)) {
            problems.add("MERGE_NATIVE_SIGN_UP_GUARD_MESSAGE must be one line of 1-" + MAX_MESSAGE_LENGTH
                    + " characters without control characters");
        }
        Map<String, ProviderTrust> providerTrust = providerTrust(config, providers, subjectAttribute,
                requireVerifiedEmail, parse);
        TrustPolicy trust = trustPolicy(config, providerTrust, problems);
        Optional<String> topicArn = config.linkNotificationTopicArn().map(String::trim).filter(arn -> !arn.isEmpty());
        topicArn.filter(arn -> !SNS_TOPIC_ARN.matcher(arn).matches()).ifPresent(arn ->
                problems.add("MERGE_LINK_NOTIFICATION_TOPIC_ARN must be a standard SNS topic ARN such as"
                        + " arn:aws:sns:eu-west-1:123456789012:account-links, but is '" + arn + "'"));
        Optional<java.net.URI> endpointOverride = config.linkNotificationEndpointOverride().map(String::strip)
                .filter(text -> !text.isEmpty())
                .flatMap(text -> parse.uri("MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE", text));
        if (!problems.isEmpty()) {
            InvalidConfigurationException error = new InvalidConfigurationException(problems);
            LambdaInitError.reportAndExit(error);
            throw error;
        }
        if (!requireVerifiedEmail) {
            Log.warn("MERGE_REQUIRE_VERIFIED_EMAIL=false: identities are linked on emails the IdP did not verify."
                    + " Anyone who can set an unverified email at the IdP can take over the matching account.");
        }
        this.policy = new LinkPolicy(providers, subjectAttribute, requireVerifiedEmail, dryRun,
                onAmbiguous, onLookupFailed);
        this.accounts = accounts;
        this.nativeSignUpGuardMessage = guardMessage;
        this.trust = trust;
        this.rules = new LinkRules(policy, accounts, trust);
        this.timeBudget = timeBudget.orElseThrow();
        this.deadlineMargin = deadlineMargin.orElseThrow();
        this.metricsNamespace = config.metricsNamespace();
        this.linkNotificationTopicArn = topicArn;
        this.linkNotificationEndpointOverride = endpointOverride;
        this.snapstartPriming = snapstartPriming;
        this.providersThatNeverCreate = accounts.whenNoNativeUser() == WhenNoNativeUser.CREATE_AND_LINK
                ? providers.stream().filter(provider -> !rules.verifiesEmail(provider)).toList()
                : List.of();
        if (!providersThatNeverCreate.isEmpty()) {
            Log.warnf("MERGE_WHEN_NO_NATIVE_USER=create-and-link never creates a user for %s: their email verification"
                    + " is off (MERGE_REQUIRE_VERIFIED_EMAIL / MERGE_PROVIDER__<NAME>__REQUIRE_VERIFIED_EMAIL=false), so"
                    + " their first sign-in only links to an existing owner, or continues (unverified-not-created).",
                    String.join(", ", providersThatNeverCreate));
        }
    }

    /**
     * Per-provider trust, keyed by the configured provider name. Environment variables reach SmallRye's map
     * lower-cased and with '_' for any other character (MERGE_PROVIDER__DESCOPE_STAGING__... gives the key
     * "descope.staging"), so a key names the provider whose name, upper-cased with every character other than
     * A-Z and 0-9 as '_', is the same.
     */
    private static Map<String, ProviderTrust> providerTrust(MergeConfig config, List<String> providers,
            Optional<String> globalSubjectAttribute, boolean globalRequireVerifiedEmail, SettingParser parse) {
        List<String> problems = parse.problems();
        Map<String, ProviderTrust> trust = new LinkedHashMap<>();
        config.provider().forEach((key, settings) -> {
            List<String> named = providers.stream().filter(provider -> envForm(provider).equals(envForm(key))).toList();
            String variable = "MERGE_PROVIDER__" + envForm(key) + "__*";
            int before = problems.size();
            // The values are checked whatever the key names, so a wrong key and a wrong value are both reported.
            Optional<String> subjectAttribute = settings.subjectAttribute().map(String::trim).filter(s -> !s.isEmpty());
            subjectAttribute.filter(name -> name.chars().anyMatch(Character::isWhitespace)).ifPresent(name ->
                    problems.add("MERGE_PROVIDER__" + envForm(key) + "__SUBJECT_ATTRIBUTE must be an attribute name"
                            + " such as custom:idp_sub, but is '" + name + "'"));
            boolean requireVerifiedEmail = settings.requireVerifiedEmail()
                    .map(flag -> parse.bool("MERGE_PROVIDER__" + envForm(key) + "__REQUIRE_VERIFIED_EMAIL", flag, true))
                    .orElse(globalRequireVerifiedEmail);
            if (named.size() != 1) {
                problems.add(variable + " names '" + key + "', which " + (named.isEmpty()
                        ? "is not one of MERGE_PROVIDER_NAMES"
                        : "matches more than one of MERGE_PROVIDER_NAMES " + named + "; rename one provider"));
            }
            if (problems.size() > before) {
                return;
            }
            if (!requireVerifiedEmail) {
                Log.warnf("MERGE_PROVIDER__%s__REQUIRE_VERIFIED_EMAIL=false: identities of %s are linked on emails it"
                        + " did not verify.", envForm(key), named.get(0));
            }
            trust.put(named.get(0), new ProviderTrust(requireVerifiedEmail,
                    subjectAttribute.isPresent() ? subjectAttribute : globalSubjectAttribute));
        });
        return trust;
    }

    /** The value as written, and what it means when that is not plain milliseconds ("'5' (5000ms)": seconds). */
    private static String shown(String raw, Duration value) {
        String millis = value.toMillis() + "ms";
        return "'" + raw + "'" + (raw.strip().equalsIgnoreCase(millis) ? "" : " (" + millis + ")");
    }

    static String envForm(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static TrustPolicy trustPolicy(MergeConfig config, Map<String, ProviderTrust> providerTrust,
            List<String> problems) {
        ProtectionMode mode = ProtectionMode.MFA;
        try {
            mode = ProtectionMode.parse("MERGE_PROTECTED_ACCOUNTS", config.protectedAccounts());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        List<String> groups = config.protectedGroups().orElse(List.of()).stream().map(String::trim)
                .filter(group -> !group.isEmpty()).toList();
        for (String group : groups) {
            if (group.length() > GROUP_NAME_MAX || !GROUP_NAME.matcher(group).matches()) {
                problems.add("MERGE_PROTECTED_GROUPS has '" + group
                        + "', which is not a Cognito group name (1-128 characters, no spaces or control characters)");
            }
        }
        if (mode == ProtectionMode.MFA_AND_GROUPS && groups.isEmpty()) {
            problems.add("MERGE_PROTECTED_GROUPS must name at least one group when MERGE_PROTECTED_ACCOUNTS is"
                    + " 'mfa-and-groups'");
        }
        // Groups listed under another mode would look protected to whoever set them, and would not be.
        if (mode != ProtectionMode.MFA_AND_GROUPS && !groups.isEmpty()) {
            problems.add("MERGE_PROTECTED_GROUPS is set, but only MERGE_PROTECTED_ACCOUNTS=mfa-and-groups reads"
                    + " groups (it is '" + config.protectedAccounts() + "')");
        }
        String message = config.protectedAccountMessage().map(String::trim).filter(text -> !text.isEmpty())
                .orElse(TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE);
        if (message.length() > MESSAGE_MAX || message.chars().anyMatch(Character::isISOControl)) {
            problems.add("MERGE_PROTECTED_ACCOUNT_MESSAGE must be one line of at most " + MESSAGE_MAX
                    + " characters, because Cognito shows it to the person signing in");
        }
        SecondIdentityAction onSecondIdentity = SecondIdentityAction.REFUSE;
        try {
            onSecondIdentity = SecondIdentityAction.parse("MERGE_ON_SECOND_IDENTITY", config.onSecondIdentity());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (mode == ProtectionMode.OFF) {
            Log.warn("MERGE_PROTECTED_ACCOUNTS=off: accounts with MFA are linked too, and a federated sign-in to"
                    + " them skips their MFA.");
        }
        return new TrustPolicy(mode, Set.copyOf(groups), message, onSecondIdentity, providerTrust);
    }

    private static FailureAction parseAction(String variable, String value, List<String> problems) {
        try {
            return FailureAction.parse(variable, value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return FailureAction.REFUSE;
        }
    }

    private static AccountPolicy accountPolicy(MergeConfig config, List<String> problems) {
        WhenNoNativeUser whenNoNativeUser = WhenNoNativeUser.CONTINUE;
        try {
            whenNoNativeUser = WhenNoNativeUser.parse("MERGE_WHEN_NO_NATIVE_USER", config.whenNoNativeUser());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        NativeSignUpGuard guard = NativeSignUpGuard.OFF;
        try {
            guard = NativeSignUpGuard.parse("MERGE_NATIVE_SIGN_UP_GUARD", config.nativeSignUpGuard());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        List<String> copy = config.create().copyAttributes().orElse(List.of()).stream()
                .map(String::trim).filter(name -> !name.isEmpty()).toList();
        for (String name : copy) {
            if (NOT_COPYABLE.contains(name) || name.length() > 32 + "custom:".length()
                    || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                problems.add("MERGE_CREATE_COPY_ATTRIBUTES has '" + name + "', which is not an attribute the"
                        + " function may copy (email, email_verified, sub, identities and Cognito's own are set"
                        + " by the function or by Cognito)");
            }
        }
        return new AccountPolicy(whenNoNativeUser, guard, copy);
    }

    /**
     * The text a refusal shows the person: the configured one for the native sign-up guard, the configured one for a
     * protected account ({@link LinkRules#userMessage}), else the reason's own.
     */
    public String userMessage(Verdict verdict) {
        return verdict.reason() == Reason.FEDERATED_ACCOUNT_EXISTS ? nativeSignUpGuardMessage
                : rules.userMessage(verdict);
    }

    public String userMessage(Reason reason) {
        return userMessage(Verdict.of(Outcome.REFUSED, reason));
    }

    public AccountPolicy accounts() {
        return accounts;
    }

    public LinkRules rules() {
        return rules;
    }

    public TrustPolicy trust() {
        return trust;
    }

    public LinkPolicy policy() {
        return policy;
    }

    public Duration timeBudget() {
        return timeBudget;
    }

    public Duration deadlineMargin() {
        return deadlineMargin;
    }

    public String metricsNamespace() {
        return metricsNamespace;
    }

    public Optional<String> linkNotificationTopicArn() {
        return linkNotificationTopicArn;
    }

    public Optional<java.net.URI> linkNotificationEndpointOverride() {
        return linkNotificationEndpointOverride;
    }

    /** MERGE_SNAPSTART_PRIMING. */
    public boolean snapstartPriming() {
        return snapstartPriming;
    }

    /** With create-and-link: the configured providers whose email verification is off, which never create a user. */
    public List<String> providersThatNeverCreate() {
        return providersThatNeverCreate;
    }
}
