package dev.cognitomerge.config;

import dev.cognitomerge.decision.SelfServicePolicy;
import dev.cognitomerge.decision.SelfServiceRules;
import dev.cognitomerge.token.Endpoints;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The self-service link settings ({@code MERGE_SELF_SERVICE_*}, {@code MERGE_PROVIDER__<NAME>__ISSUER/AUDIENCE}),
 * checked once at start, strictly, and only when {@code QUARKUS_LAMBDA_HANDLER=self-service-link} selects that
 * handler: the trigger starts exactly as before without them. Every wrong value is one sentence naming its variable,
 * all of them reported at once, and the function stops at init ({@link LambdaInitError}).
 */
@Startup
@ApplicationScoped
public class SelfServiceSettings {

    /** The value of {@code quarkus.lambda.handler} that selects the self-service handler. */
    public static final String HANDLER = "self-service-link";
    public static final Duration DEFAULT_MAX_AUTH_AGE = Duration.ofMinutes(10);
    static final Duration MIN_MAX_AUTH_AGE = Duration.ofSeconds(30);
    /** Past an hour "a fresh sign-in" means little; a person links within minutes of signing in. */
    static final Duration MAX_MAX_AUTH_AGE = Duration.ofHours(1);
    /** Tolerated difference between our clock and the issuers' (exp, nbf, iat, auth_time). */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** CreateUserPool's Id pattern (AWS API reference): region, '_', letters and digits. */
    static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    /** UserPoolClientType ClientId pattern, 1-128 characters. */
    static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    /** An origin as browsers send it: scheme, host, optional port; no path, no wildcard. */
    static final Pattern ORIGIN = Pattern.compile(
            "https://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?");
    static final Pattern AUDIENCE = Pattern.compile("[^\\s,]{1,256}");

    private final boolean enabled;
    private final String userPoolId;
    private final Set<String> clientIds;
    private final List<String> allowedOrigins;
    private final String cognitoIssuer;
    private final Map<String, ProviderTokens> providers;
    private final SelfServiceRules rules;

    /** Where one provider's ID tokens come from and whom they are for. */
    public record ProviderTokens(String issuer, Set<String> audiences) {
        public ProviderTokens {
            audiences = Set.copyOf(audiences);
        }
    }

    @Inject
    public SelfServiceSettings(MergeConfig config, MergeSettings merge) {
        this(config, merge, ConfigProvider.getConfig().getOptionalValue("quarkus.lambda.handler", String.class));
    }

    SelfServiceSettings(MergeConfig config, MergeSettings merge, Optional<String> handler) {
        this.enabled = handler.map(String::trim).filter(HANDLER::equals).isPresent();
        if (!enabled) {
            this.userPoolId = null;
            this.clientIds = Set.of();
            this.allowedOrigins = List.of();
            this.cognitoIssuer = null;
            this.providers = Map.of();
            this.rules = null;
            return;
        }
        List<String> problems = new ArrayList<>();
        MergeConfig.SelfService raw = config.selfService();
        String poolId = raw.userPoolId().map(String::trim).orElse("");
        if (poolId.isEmpty()) {
            problems.add("MERGE_SELF_SERVICE_USER_POOL_ID must name the user pool (such as eu-west-1_AbCdEf123)");
        } else if (poolId.length() > 55 || !POOL_ID.matcher(poolId).matches()) {
            problems.add("MERGE_SELF_SERVICE_USER_POOL_ID must be a user pool id such as eu-west-1_AbCdEf123, but is '"
                    + poolId + "'");
        }
        List<String> clients = StrictValues.list("MERGE_SELF_SERVICE_CLIENT_IDS", raw.clientIds(), CLIENT_ID,
                "an app client id", problems);
        if (clients.isEmpty() && raw.clientIds().map(String::trim).filter(s -> !s.isEmpty()).isEmpty()) {
            problems.add("MERGE_SELF_SERVICE_CLIENT_IDS must name at least one app client whose ID tokens are accepted");
        }
        List<String> origins = StrictValues.list("MERGE_SELF_SERVICE_ALLOWED_ORIGINS", raw.allowedOrigins(), ORIGIN,
                "an origin such as https://app.example.com (https, no path, no wildcard)", problems);
        Duration maxAuthAge = StrictValues.duration("MERGE_SELF_SERVICE_MAX_AUTH_AGE", raw.maxAuthAge(),
                DEFAULT_MAX_AUTH_AGE, MIN_MAX_AUTH_AGE, MAX_MAX_AUTH_AGE, problems);
        String issuer = raw.cognitoIssuer().map(String::trim).filter(s -> !s.isEmpty())
                .orElseGet(() -> defaultCognitoIssuer(poolId));
        if (!poolId.isEmpty() && !issuerAcceptable(issuer)) {
            problems.add("MERGE_SELF_SERVICE_COGNITO_ISSUER must be an https URL without a trailing '/', but is '"
                    + issuer + "'");
        } else if (!poolId.isEmpty() && !issuer.endsWith("/" + poolId)) {
            // Tokens of another pool must never link users of this one.
            problems.add("MERGE_SELF_SERVICE_COGNITO_ISSUER must end with the pool id " + poolId + ", but is '"
                    + issuer + "'");
        }
        Map<String, ProviderTokens> providerTokens = providerTokens(config, merge.policy().providerNames(), problems);
        if (!problems.isEmpty()) {
            InvalidConfigurationException error = new InvalidConfigurationException(problems);
            LambdaInitError.reportAndExit(error);
            throw error;
        }
        this.userPoolId = poolId;
        this.clientIds = Set.copyOf(clients);
        this.allowedOrigins = List.copyOf(origins);
        this.cognitoIssuer = issuer;
        this.providers = Map.copyOf(providerTokens);
        this.rules = new SelfServiceRules(merge.rules(), merge.policy(), merge.trust(),
                new SelfServicePolicy(maxAuthAge, CLOCK_SKEW, List.copyOf(providerTokens.keySet())));
    }

    /** https://cognito-idp.<region>.amazonaws.com/<pool id>: a pool id starts with its region. */
    static String defaultCognitoIssuer(String poolId) {
        int separator = poolId.indexOf('_');
        String region = separator > 0 ? poolId.substring(0, separator) : "";
        return "https://cognito-idp." + region + ".amazonaws.com/" + poolId;
    }

    static boolean issuerAcceptable(String issuer) {
        try {
            return !issuer.endsWith("/") && Endpoints.acceptable(URI.create(issuer));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The providers whose tokens this endpoint verifies: those of MERGE_PROVIDER_NAMES with both an issuer and an
     * audience. (A key that names no provider is already reported by {@link MergeSettings}.)
     */
    private static Map<String, ProviderTokens> providerTokens(MergeConfig config, List<String> providerNames,
            List<String> problems) {
        Map<String, ProviderTokens> tokens = new LinkedHashMap<>();
        int before = problems.size();
        config.provider().forEach((key, settings) -> {
            Optional<String> issuer = settings.issuer().map(String::trim).filter(s -> !s.isEmpty());
            Optional<String> audienceText = settings.audience().map(String::trim).filter(s -> !s.isEmpty());
            if (issuer.isEmpty() && audienceText.isEmpty()) {
                return;
            }
            String prefix = "MERGE_PROVIDER__" + MergeSettings.envForm(key) + "__";
            List<String> named = providerNames.stream()
                    .filter(name -> MergeSettings.envForm(name).equals(MergeSettings.envForm(key))).toList();
            if (named.size() != 1) {
                return;
            }
            if (issuer.isEmpty() || audienceText.isEmpty()) {
                problems.add(prefix + "ISSUER and " + prefix + "AUDIENCE must be set together (" + named.get(0)
                        + "'s ID tokens are verified against both)");
                return;
            }
            boolean valid = true;
            if (!issuerAcceptable(issuer.get())) {
                problems.add(prefix + "ISSUER must be the provider's https issuer URL (the iss of its ID tokens),"
                        + " but is '" + issuer.get() + "'");
                valid = false;
            }
            int listed = problems.size();
            Set<String> audiences = new LinkedHashSet<>(StrictValues.list(prefix + "AUDIENCE", audienceText,
                    AUDIENCE, "a client id", problems));
            if (valid && problems.size() == listed && !audiences.isEmpty()) {
                tokens.put(named.get(0), new ProviderTokens(issuer.get(), audiences));
            }
        });
        // Only when no provider entry was wrong: a wrong one already has its own sentence.
        if (tokens.isEmpty() && problems.size() == before) {
            problems.add("MERGE_PROVIDER__<NAME>__ISSUER and MERGE_PROVIDER__<NAME>__AUDIENCE must be set for at least"
                    + " one of MERGE_PROVIDER_NAMES " + providerNames + " (whose ID tokens the endpoint verifies)");
        }
        return tokens;
    }

    /** True when this instance runs the self-service handler (and so every value below was checked). */
    public boolean enabled() {
        return enabled;
    }

    public String userPoolId() {
        return userPoolId;
    }

    public Set<String> clientIds() {
        return clientIds;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public String cognitoIssuer() {
        return cognitoIssuer;
    }

    /** Keyed by the provider name as configured in the pool. */
    public Map<String, ProviderTokens> providers() {
        return providers;
    }

    public SelfServiceRules rules() {
        return rules;
    }
}
