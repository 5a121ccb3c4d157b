package dev.cognitomerge.config;

import dev.cognitomerge.decision.AccountPolicy;
import dev.cognitomerge.decision.FailureAction;
import dev.cognitomerge.decision.LinkPolicy;
import dev.cognitomerge.decision.LinkRules;
import dev.cognitomerge.decision.NativeSignUpGuard;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.WhenNoNativeUser;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final LinkRules rules;
    private final LinkPolicy policy;
    private final Duration timeBudget;
    private final Duration deadlineMargin;
    private final String metricsNamespace;
    private final AccountPolicy accounts;
    private final String nativeSignUpGuardMessage;

    /** Set by the function itself (email, email_verified) or by Cognito only; never copied from the event. */
    static final Set<String> NOT_COPYABLE = Set.of("email", "email_verified", "sub", "identities", "username",
            "phone_number_verified", "cognito:user_status", "cognito:mfa_enabled");
    /** Long enough for a sentence, short enough to stay one. */
    static final int MAX_MESSAGE_LENGTH = 200;

    public MergeSettings(MergeConfig config) {
        List<String> problems = new ArrayList<>();
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
        boolean budgetValid = config.timeBudget().compareTo(Duration.ZERO) > 0
                && config.timeBudget().compareTo(MAX_BUDGET) <= 0;
        if (!budgetValid) {
            problems.add("MERGE_TIME_BUDGET must be more than 0 and at most 5s (Cognito's limit), but is "
                    + config.timeBudget().toMillis() + "ms");
        }
        // Compared with the budget only when the budget itself is valid: one wrong value, one sentence.
        if (config.deadlineMargin().isNegative()
                || budgetValid && config.deadlineMargin().compareTo(config.timeBudget()) >= 0) {
            problems.add("MERGE_DEADLINE_MARGIN must be at least 0 and less than MERGE_TIME_BUDGET, but is "
                    + config.deadlineMargin().toMillis() + "ms");
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
        if (!problems.isEmpty()) {
            InvalidConfigurationException error = new InvalidConfigurationException(problems);
            LambdaInitError.reportAndExit(error);
            throw error;
        }
        if (!config.requireVerifiedEmail()) {
            Log.warn("MERGE_REQUIRE_VERIFIED_EMAIL=false: identities are linked on emails the IdP did not verify."
                    + " Anyone who can set an unverified email at the IdP can take over the matching account.");
        }
        this.policy = new LinkPolicy(providers, subjectAttribute, config.requireVerifiedEmail(), config.dryRun(),
                onAmbiguous, onLookupFailed);
        this.accounts = accounts;
        this.nativeSignUpGuardMessage = guardMessage;
        this.rules = new LinkRules(policy, accounts);
        this.timeBudget = config.timeBudget();
        this.deadlineMargin = config.deadlineMargin();
        this.metricsNamespace = config.metricsNamespace();
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

    /** The text a refusal shows: the configured guard message, or the reason's own. */
    public String userMessage(Reason reason) {
        return reason == Reason.FEDERATED_ACCOUNT_EXISTS ? nativeSignUpGuardMessage : reason.userMessage();
    }

    public AccountPolicy accounts() {
        return accounts;
    }

    public LinkRules rules() {
        return rules;
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
}
