package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognitomerge.SelfServiceClaims;
import dev.cognitomerge.SelfServiceLinkHandler;
import dev.cognitomerge.cognito.CognitoClientProducer;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.config.InvalidConfigurationException;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.config.SelfServiceSettings;
import dev.cognitomerge.config.SelfServiceStart;
import dev.cognitomerge.decision.FederatedIdentity;
import dev.cognitomerge.decision.IdentityProof;
import dev.cognitomerge.decision.LinkResult;
import dev.cognitomerge.decision.LinkedIdentity;
import dev.cognitomerge.decision.NativeAccount;
import dev.cognitomerge.decision.NativeSignIn;
import dev.cognitomerge.decision.Outcome;
import dev.cognitomerge.decision.SelfServiceReason;
import dev.cognitomerge.decision.SelfServiceRules;
import dev.cognitomerge.decision.SelfServiceStep;
import dev.cognitomerge.decision.SelfServiceStep.Answer;
import dev.cognitomerge.decision.SelfServiceStep.CheckProfile;
import dev.cognitomerge.decision.SelfServiceStep.Link;
import dev.cognitomerge.decision.SelfServiceStep.ReadAccount;
import dev.cognitomerge.notify.LinkNotifier;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.EnvironmentConfig;
import dev.cognitomerge.testing.HttpEvents;
import dev.cognitomerge.testing.OidcStandIn;
import dev.cognitomerge.testing.Tokens;
import dev.cognitomerge.token.Issuers;
import dev.cognitomerge.token.TokenRejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The self-service endpoint's security rules (issue 19, docs/self-service-link.md) stated once, as invariants over
 * (settings, the two tokens' claims, the native account as Cognito shows it), and checked on generated scenarios in
 * the style of {@link SecurityInvariantsTest}: random settings (providers with and without token settings, app
 * clients, maximum auth age, dry run, on-second-identity, verification flags), random native sign-ins (auth_time
 * fresh, at the limit, just stale, days old, ahead within and beyond the skew, missing, text; the identities claim
 * absent, empty or present; a username that is blank, a number, or a deleted user), random IdP proofs (provider in
 * another case, unknown, a trigger-only one; a subject in another case, blank, too long for Cognito; the email equal,
 * in another A-Z case, a Unicode look-alike, spaced, another, missing or not text; email_verified true, "true",
 * false, missing, 1, "yes", " true ", [true]) and random accounts (every status, disabled, unverified, no email,
 * identities of this and other providers up to the link limit, custom:merge_unlinked listing this identity, another
 * or unreadable, MFA, protected groups under every MERGE_PROTECTED_ACCOUNTS mode, the identity's own federated profile,
 * the identity linked to someone else), with the provider and subject also as Unicode look-alikes, and end to end a
 * qualified decoy user of the same address that no token names.
 *
 * <p>Every scenario runs through the real decision ({@link SelfServiceRules}) walked as the handler walks it, from the
 * records the handler's own claim reading makes ({@link SelfServiceClaims}). What the decision cannot tell (the
 * signature, the algorithm, iss, aud, token_use, exp/nbf, the origin, the HTTP answer, the SDK's calls) runs end to
 * end: every scenario with a forged or foreign token, and one in {@value #END_TO_END_EVERY} of the others, go through
 * the real {@link SelfServiceLinkHandler} as a payload-2.0 event, with tokens signed in the test and verified by the
 * function against the loopback OpenID issuers, and the real SDK and {@link UserDirectory} against the Cognito
 * stand-in.
 *
 * <p>The invariants:
 * <ol type="a">
 *   <li>no link without both proofs valid (signature, issuer, client, token_use, lifetime), the native sign-in fresh
 *       (auth_time within MERGE_SELF_SERVICE_MAX_AUTH_AGE, not beyond the clock skew) and native (no identities
 *       claim; the account not EXTERNAL_PROVIDER), the IdP sign-in fresh too;</li>
 *   <li>no link to an account that is not confirmed and enabled, whose email is not verified, or whose email differs
 *       (A-Z case folded, nothing else) from the IdP's, nor when the IdP did not assert email_verified=true (unless
 *       that provider's verification is explicitly off);</li>
 *   <li>no link of an identity the account's custom:merge_unlinked lists, or when that record cannot be read;</li>
 *   <li>no link when the identity has its own federated profile;</li>
 *   <li>at most one identity per provider unless MERGE_ON_SECOND_IDENTITY=link, never past the link limit, at most
 *       one link call per request, only of the proven identity to the signed-in user; idempotent: the same request
 *       after a link answers already-linked with no second link call;</li>
 *   <li>every answer is one of the documented ones: a refusal's code and HTTP status are a row of the answers table
 *       in docs/self-service-link.md, its body exactly {error, message}, the message the code's own sentence (no
 *       email, no stack trace), nothing else;</li>
 *   <li>a dry run never links;</li>
 *   <li>every refusal is the true one (its condition holds in the scenario), and a request that meets every
 *       condition links (dry-run, already-linked, link-refused by Cognito as the case may be);</li>
 *   <li>end to end: nothing is looked up in Cognito before both tokens verified (the call count is the decision's:
 *       0, then 1, 2 or 3), a foreign Origin is refused before any token is read, CORS headers only for a configured
 *       origin, the audit line carries the answer's code and neither a token nor the email;</li>
 *   <li>every generated invalid self-service setting stops init with a sentence naming its variable.</li>
 * </ol>
 *
 * <p>{@code -Dinvariants.seed=S} reproduces a run, {@code -Dinvariants.scenarios=N} widens it (the same properties as
 * the trigger's check; {@code -Dinvariants.stats=true} also prints how often each answer came up). It prints one line,
 * {@code self-service invariants: <N> scenarios, <V> violations (seed <S>)}, fails on any violation with a small
 * scenario it shrank it to, and checks that the generator keeps reaching every answer (a check whose scenarios all
 * stop at the first refusal would pass while proving nothing).
 */
class SelfServiceInvariantsTest {

    static final long DEFAULT_SEED = SecurityInvariantsTest.DEFAULT_SEED;
    static final int DEFAULT_SCENARIOS = 10_000;
    /** One scenario in this many (besides every one with a forged token) also runs end to end. */
    static final int END_TO_END_EVERY = 100;
    /** One scenario in this many whose tokens are valid, fresh and native also runs end to end. */
    static final int PROVEN_END_TO_END_EVERY = 15;
    static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
    static final long SKEW_SECONDS = SelfServiceSettings.CLOCK_SKEW.toSeconds();
    static final ObjectMapper JSON = new ObjectMapper();
    /** How often each answer came up (decision / end to end): the run checks the generator keeps reaching them. */
    static final Map<String, Integer> STATS = new HashMap<>();
    static final int MIN_EACH_ANSWER = 5;
    static final int MAX_SHRINK_TRIES = 300;

    static final String POOL = "us-east-1_Invariant2";
    static final String OTHER_POOL = "us-east-1_OtherPool7";
    static final String USERNAME = "kate-native";
    static final String DECOY = "kate-twin";
    static final String ADDRESS = "kate@example.com";
    static final List<String> EMAILS = List.of(ADDRESS, "Kate@Example.com", "KATE@EXAMPLE.COM",
            "\u212Aate@example.com" /* Kelvin sign */, "k\u0430te@example.com" /* Cyrillic a */,
            "\uFF4Bate@example.com" /* full-width k */, " kate@example.com", "kate@example.com ", "kate@example.com.",
            "other@example.com");
    static final List<String> PROVIDERS = List.of("Descope", "Okta", "CorpSAML");
    static final String SUBJECT = "U2kAtE1";
    static final List<String> CLIENTS = List.of("4selfserviceclient0001", "4selfserviceclient0002");
    static final String UNLISTED_CLIENT = "9anotherappclient0099";
    static final String ORIGIN = "https://app.example.com";
    static final String FOREIGN_ORIGIN = "https://evil.example";
    static final Map<String, Long> MAX_AGES = Map.of("30s", 30L, "90s", 90L, "5m", 300L, "PT10M", 600L, "1h", 3600L,
            "600", 600L);
    static final int LINK_LIMIT = 5;
    static final int MAX_SOURCE_LENGTH = 128;
    static final String SUBJECT_ATTRIBUTE = "Cognito_Subject";

    // ------------------------------------------------------------------------------------------------ the model

    /** When a sign-in happened, relative to now. */
    enum When {
        FRESH, AT_MAX_AGE, JUST_STALE, LONG_AGO, AHEAD_IN_SKEW, AHEAD_BEYOND_SKEW, AS_TEXT;

        /**
         * Seconds from now: at the decision, the exact boundaries; end to end, clear of them by seconds (the
         * handler reads its own clock a moment after the tokens were made, and auth_time is whole seconds).
         */
        long offset(long maxAge, boolean endToEnd) {
            return switch (this) {
                case FRESH, AS_TEXT -> -20;
                case AT_MAX_AGE -> endToEnd ? -(maxAge - 5) : -maxAge;
                case JUST_STALE -> endToEnd ? -(maxAge + 5) : -(maxAge + 1);
                case LONG_AGO -> -3 * 86_400;
                case AHEAD_IN_SKEW -> endToEnd ? SKEW_SECONDS / 2 : SKEW_SECONDS;
                case AHEAD_BEYOND_SKEW -> endToEnd ? 2 * SKEW_SECONDS : SKEW_SECONDS + 1;
            };
        }
    }

    /** A token the verifier must refuse: only end to end can tell (the decision sees verified claims). */
    enum Defect {
        COGNITO_UNSIGNED, COGNITO_FOREIGN_KEY, COGNITO_HMAC_WITH_PUBLIC_KEY, COGNITO_OTHER_POOL, COGNITO_ACCESS_TOKEN,
        COGNITO_NO_TOKEN_USE, COGNITO_CLIENT_NOT_LISTED, COGNITO_EXPIRED,
        IDP_UNSIGNED, IDP_FOREIGN_KEY, IDP_WRONG_AUDIENCE, IDP_COGNITO_TOKEN_INSTEAD, IDP_EXPIRED, IDP_NOT_YET_VALID
    }

    /** The native user as the pool holds it (stored under {@link #USERNAME}). */
    record Account(String status, boolean enabled, String email, boolean emailVerified,
            List<LinkedIdentity> identities, List<LinkedIdentity> unlinked, boolean unlinkedUnreadable, boolean mfa,
            List<String> groups) {

        Account with(List<LinkedIdentity> newIdentities, List<LinkedIdentity> newUnlinked, boolean unreadable) {
            return new Account(status, enabled, email, emailVerified, newIdentities, newUnlinked, unreadable, mfa,
                    groups);
        }

        NativeAccount asCognitoShowsIt() {
            return new NativeAccount(USERNAME, status, enabled, email, emailVerified, identities,
                    unlinkedUnreadable ? List.of() : unlinked, !unlinkedUnreadable);
        }

        StandInUser standIn() {
            Map<String, String> attributes = new LinkedHashMap<>();
            if (email != null) {
                attributes.put("email", email);
            }
            attributes.put("email_verified", Boolean.toString(emailVerified));
            if (!identities.isEmpty()) {
                attributes.put("identities", identitiesJson(identities));
            }
            if (unlinkedUnreadable) {
                attributes.put("custom:merge_unlinked", "{not json");
            } else if (!unlinked.isEmpty()) {
                attributes.put("custom:merge_unlinked", identitiesJson(unlinked));
            }
            StandInUser user = new StandInUser(USERNAME, status, enabled, attributes);
            StandInUser grouped = groups.isEmpty() ? user : user.inGroups(groups.toArray(String[]::new));
            return mfa ? grouped.withMfa(List.of("SOFTWARE_TOKEN_MFA"), "SOFTWARE_TOKEN_MFA") : grouped;
        }
    }

    /**
     * One generated scenario. The claims are symbolic: {@code auth_time} is a {@link When}, made into a time (or text)
     * when the token is made; the claims the verifier checks (iss, aud, token_use, iat, exp) are added then.
     *
     * @param account null: the user of the token's cognito:username does not exist (deleted since)
     * @param origin the browser's Origin header end to end (null: none)
     */
    record Scenario(long index, Map<String, String> env, boolean invalidConfig, Map<String, Object> cognito,
            String requestedProvider, Map<String, Object> identity, Account account, boolean identityHasProfile,
            boolean identityLinkedElsewhere, Defect defect, String origin) {

        Scenario withEnv(Map<String, String> newEnv) {
            return new Scenario(index, newEnv, invalidConfig, cognito, requestedProvider, identity, account,
                    identityHasProfile, identityLinkedElsewhere, defect, origin);
        }

        Scenario withClaims(Map<String, Object> newCognito, Map<String, Object> newIdentity) {
            return new Scenario(index, env, invalidConfig, newCognito, requestedProvider, newIdentity, account,
                    identityHasProfile, identityLinkedElsewhere, defect, origin);
        }

        Scenario withAccount(Account newAccount) {
            return new Scenario(index, env, invalidConfig, cognito, requestedProvider, identity, newAccount,
                    identityHasProfile, identityLinkedElsewhere, defect, origin);
        }

        Scenario withFlags(boolean profile, boolean elsewhere, Defect newDefect, String newOrigin) {
            return new Scenario(index, env, invalidConfig, cognito, requestedProvider, identity, account, profile,
                    elsewhere, newDefect, newOrigin);
        }

        String describe() {
            StringBuilder text = new StringBuilder();
            text.append("scenario #").append(index).append(" (reproduce with -Dinvariants.seed=<seed>)\n");
            text.append("  settings: ").append(new TreeMap<>(env)).append('\n');
            text.append("  native sign-in claims: ").append(cognito).append('\n');
            text.append("  request provider: '").append(requestedProvider).append("'; IdP claims: ").append(identity)
                    .append('\n');
            text.append("  account ").append(USERNAME).append(": ").append(account == null ? "(does not exist)" : account)
                    .append('\n');
            text.append("  identity has its own profile: ").append(identityHasProfile)
                    .append("; linked to another user: ").append(identityLinkedElsewhere)
                    .append("; forged token: ").append(defect).append("; origin: ").append(origin).append('\n');
            return text.toString();
        }
    }

    /** The settings a scenario starts the function with. */
    record Started(MergeSettings merge, SelfServiceSettings selfService) {
    }

    /** What one run answered and did. */
    record Run(SelfServiceReason reason, Outcome outcome, List<Link> links, int cognitoCalls, Throwable crash) {
    }

    // ------------------------------------------------------------------------------------------------ the test

    @Test
    void everyGeneratedSelfServiceScenarioKeepsEveryInvariant() throws IOException {
        // Thousands of settings are built: their start-up warnings would drown the one line this test prints.
        java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("dev.cognitomerge");
        java.util.logging.Level level = quiet.getLevel();
        quiet.setLevel(java.util.logging.Level.OFF);
        try (OidcStandIn oidc = OidcStandIn.start()) {
            run(oidc);
        } finally {
            quiet.setLevel(level);
        }
    }

    void run(OidcStandIn oidc) throws IOException {
        long seed = Long.getLong("invariants.seed", DEFAULT_SEED);
        int scenarios = Integer.getInteger("invariants.scenarios", DEFAULT_SCENARIOS);
        Map<String, Integer> documented = documentedRefusals();
        Map<Map<String, String>, Started> cache = new HashMap<>();
        List<String> reports = new ArrayList<>();
        int violations = 0;
        STATS.clear();
        try (EndToEnd e2e = new EndToEnd(oidc, documented)) {
            for (long i = 0; i < scenarios; i++) {
                Scenario scenario = generate(new SplittableRandom(seed * 1_000_003L + i), i, oidc.base());
                // Besides every forged token and a plain slice, one in {@value #PROVEN_END_TO_END_EVERY} of the
                // requests whose proofs hold: those reach Cognito, where the SDK, the stand-in and the answer matter.
                boolean endToEnd = !scenario.invalidConfig() && (scenario.defect() != null
                        || i % END_TO_END_EVERY == 0
                        || i % PROVEN_END_TO_END_EVERY == 0 && new Facts(scenario, true).proofs());
                Function<Scenario, List<String>> checks = s -> {
                    List<String> found = check(s, cache, documented);
                    return found.isEmpty() && endToEnd ? e2e.check(s, cache) : found;
                };
                List<String> found = checks.apply(scenario);
                if (!found.isEmpty()) {
                    violations++;
                    if (reports.size() < 3) {
                        Scenario smallest = shrink(scenario, s -> !checks.apply(s).isEmpty());
                        List<String> smallestFound = checks.apply(smallest);
                        reports.add(String.join("; ", smallestFound.isEmpty() ? found : smallestFound) + "\n"
                                + (smallestFound.isEmpty() ? scenario : smallest).describe());
                    }
                }
            }
        }
        if (Boolean.getBoolean("invariants.stats")) {
            System.out.println(new TreeMap<>(STATS));
        }
        System.out.println("self-service invariants: " + scenarios + " scenarios, " + violations
                + " violations (seed " + seed + ")");
        assertThat(reports).as("violated invariants (first scenarios, shrunk; seed " + seed + ")").isEmpty();
        assertThat(violations).isZero();
        if (scenarios >= DEFAULT_SCENARIOS) {
            // The generator must keep reaching every answer, through the decision and end to end: a check whose
            // scenarios all stop at the first refusal would pass while proving nothing.
            for (SelfServiceReason reason : SelfServiceReason.values()) {
                if (Set.of(SelfServiceReason.INVALID_REQUEST, SelfServiceReason.UNAVAILABLE,
                        SelfServiceReason.INTERNAL_ERROR, SelfServiceReason.ORIGIN_NOT_ALLOWED).contains(reason)) {
                    continue;
                }
                assertThat(STATS.getOrDefault("decision " + reason.code(), 0)).as("decision answers " + reason.code())
                        .isGreaterThanOrEqualTo(MIN_EACH_ANSWER);
            }
            for (String code : List.of("linked", "already-linked", "invalid-token", "stale-sign-in",
                    "identity-has-profile", "link-limit-reached", "origin-not-allowed", "candidate-not-qualified")) {
                assertThat(STATS.getOrDefault("e2e " + code, 0)).as("end-to-end answers " + code).isPositive();
            }
            // A share of the run, whatever its size (200 to 2,000 of the default 10,000)
            assertThat(STATS.getOrDefault("e2e total", 0)).as("end-to-end scenarios")
                    .isBetween(scenarios / 50, scenarios / 5);
        }
    }

    /** The refusals of the answers table in docs/self-service-link.md: code and HTTP status, as documented. */
    static Map<String, Integer> documentedRefusals() throws IOException {
        Map<String, Integer> refusals = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d{3}) \\| `([a-z-]+)` \\|").matcher(
                Files.readString(Path.of("docs/self-service-link.md")));
        while (row.find()) {
            refusals.put(row.group(2), Integer.parseInt(row.group(1)));
        }
        assertThat(refusals).as("the answers table of docs/self-service-link.md").containsKeys("invalid-token",
                "stale-sign-in", "not-a-native-sign-in", "unknown-provider", "identity-has-profile",
                "provider-already-linked", "link-limit-reached", "candidate-not-qualified");
        return refusals;
    }

    // ------------------------------------------------------------------------------------------------ generation

    static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static boolean chance(SplittableRandom random, int percent) {
        return random.nextInt(100) < percent;
    }

    static String envForm(String provider) {
        return provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static String issuerName(String provider) {
        return "idp-" + provider.toLowerCase(Locale.ROOT);
    }

    static String audience(String provider) {
        return "aud-" + provider.toLowerCase(Locale.ROOT);
    }

    Scenario generate(SplittableRandom random, long index, String oidcBase) {
        Map<String, String> env = validSettings(random, oidcBase);
        boolean invalid = chance(random, 4);
        if (invalid) {
            int wrong = 1 + random.nextInt(2);
            for (int k = 0; k < wrong; k++) {
                List<String> variables = new ArrayList<>(INVALID.keySet());
                String variable = pick(random, variables);
                String provider = pick(random, selfServiceProviders(env));
                env.put(variable.replace("<P>", envForm(provider)), INVALID.get(variable).apply(random, oidcBase));
            }
        }
        List<String> providers = List.of(env.get("MERGE_PROVIDER_NAMES").split(","));
        List<String> selfService = selfServiceProviders(env);
        String provider = pick(random, selfService);
        // Each dimension is mostly well-behaved, so that the scenarios that get past the tokens to the account (where
        // most rules live) are common, and every hostile value still comes up hundreds of times a run.
        String requested = switch (random.nextInt(40)) {
            case 0, 1, 2, 3, 4, 5 -> random.nextBoolean() ? provider.toLowerCase(Locale.ROOT)
                    : provider.toUpperCase(Locale.ROOT);
            case 6, 7 -> providers.stream().filter(p -> !selfService.contains(p)).findFirst().orElse("Unknown");
            case 8, 9 -> pick(random, List.of("Unknown", "Google", "", provider + " "));
            // Unicode look-alikes: Cyrillic e/o, a zero-width space, a full-width first letter.
            case 10, 11 -> pick(random, List.of(provider.replace('e', '\u0435').replace('o', '\u043E'),
                    provider + "\u200B", (char) (provider.charAt(0) - 'A' + '\uFF21') + provider.substring(1)));
            default -> provider;
        };
        String subject = switch (random.nextInt(50)) {
            case 0, 1 -> "u2kate1";
            case 2, 3 -> "U2oThEr";
            case 7 -> "U2k\u0410tE1"; // Cyrillic A
            case 4 -> "";
            case 5 -> "s".repeat(MAX_SOURCE_LENGTH - SUBJECT_ATTRIBUTE.length() - provider.length());
            case 6 -> "s".repeat(MAX_SOURCE_LENGTH - SUBJECT_ATTRIBUTE.length() - provider.length() + 1);
            default -> SUBJECT;
        };
        LinkedIdentity proven = new LinkedIdentity(provider, subject);

        Map<String, Object> cognito = new LinkedHashMap<>();
        switch (random.nextInt(100)) {
            case 0, 1, 2 -> cognito.put("cognito:username", "ghost-user");
            case 3 -> cognito.put("cognito:username", " ");
            case 4 -> cognito.put("cognito:username", 42);
            case 5 -> { }
            default -> cognito.put("cognito:username", USERNAME);
        }
        if (!chance(random, 3)) {
            cognito.put("auth_time", chance(random, 72) ? When.FRESH : pick(random, List.of(When.values())));
        }
        switch (random.nextInt(25)) {
            case 0 -> cognito.put("identities", List.of());
            case 1 -> cognito.put("identities", List.of(Map.of("providerName", "Google", "userId", "1098",
                    "providerType", "Google", "primary", "false")));
            default -> { }
        }
        cognito.put("email", ADDRESS);
        switch (random.nextInt(3)) {
            case 0 -> cognito.put("email_verified", false);
            case 1 -> { }
            default -> cognito.put("email_verified", true);
        }

        Map<String, Object> identity = new LinkedHashMap<>();
        if (!chance(random, 1)) {
            identity.put("sub", subject);
        }
        switch (random.nextInt(50)) {
            case 0 -> { }
            case 1 -> identity.put("email", 42);
            case 2 -> identity.put("email", "");
            case 3, 4, 5, 6, 7, 8, 9, 10 -> identity.put("email", pick(random, EMAILS));
            default -> identity.put("email", ADDRESS);
        }
        switch (random.nextInt(50)) {
            case 0 -> { }
            case 1 -> identity.put("email_verified", false);
            case 2 -> identity.put("email_verified", "false");
            case 3 -> identity.put("email_verified", 1);
            case 4 -> identity.put("email_verified", pick(random, List.of("yes", " true ", "\u2003true")));
            case 5 -> identity.put("email_verified", List.of(true));
            case 6, 7, 8, 9 -> identity.put("email_verified", pick(random, List.of("true", "TRUE", "True")));
            default -> identity.put("email_verified", true);
        }
        if (!chance(random, 12)) {
            identity.put("auth_time", chance(random, 78) ? When.FRESH : pick(random, List.of(When.values())));
        }

        Account account = chance(random, 2) ? null : account(random, providers, proven);
        Defect defect = random.nextInt(1000) < 15 ? pick(random, List.of(Defect.values())) : null;
        String origin = switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> FOREIGN_ORIGIN;
            default -> ORIGIN;
        };
        return new Scenario(index, env, invalid, cognito, requested, identity, account, chance(random, 10),
                chance(random, 5), defect, origin);
    }

    static Map<String, String> validSettings(SplittableRandom random, String oidcBase) {
        Map<String, String> env = new HashMap<>();
        List<String> providers = PROVIDERS.subList(0, 1 + random.nextInt(PROVIDERS.size()));
        env.put("MERGE_PROVIDER_NAMES", String.join(",", providers));
        List<String> selfService = new ArrayList<>();
        for (String provider : providers) {
            if (chance(random, 70)) {
                selfService.add(provider);
            }
        }
        if (selfService.isEmpty()) {
            selfService.add(pick(random, providers));
        }
        for (String provider : selfService) {
            env.put("MERGE_PROVIDER__" + envForm(provider) + "__ISSUER", oidcBase + "/" + issuerName(provider));
            env.put("MERGE_PROVIDER__" + envForm(provider) + "__AUDIENCE", chance(random, 20)
                    ? "another-client," + audience(provider) : audience(provider));
        }
        env.put("MERGE_SELF_SERVICE_USER_POOL_ID", POOL);
        env.put("MERGE_SELF_SERVICE_CLIENT_IDS", chance(random, 30) ? String.join(",", CLIENTS) : CLIENTS.get(0));
        env.put("MERGE_SELF_SERVICE_COGNITO_ISSUER", oidcBase + "/" + POOL);
        if (chance(random, 85)) {
            env.put("MERGE_SELF_SERVICE_ALLOWED_ORIGINS", pick(random, List.of(ORIGIN, ORIGIN + ",https://admin.example.com")));
        }
        maybe(random, env, "MERGE_SELF_SERVICE_MAX_AUTH_AGE", MAX_AGES.keySet().stream().sorted().toArray(String[]::new));
        maybe(random, env, "MERGE_DRY_RUN", "false", "false", "false", "false", "true");
        maybe(random, env, "MERGE_ON_SECOND_IDENTITY", "refuse", "link");
        maybe(random, env, "MERGE_REQUIRE_VERIFIED_EMAIL", "true", "false");
        for (String provider : selfService) {
            if (chance(random, 20)) {
                env.put("MERGE_PROVIDER__" + envForm(provider) + "__REQUIRE_VERIFIED_EMAIL",
                        pick(random, List.of("true", "false")));
            }
        }
        // Protection is not self-service's business (the fresh native sign-in satisfied it): any mode, same answers.
        maybe(random, env, "MERGE_PROTECTED_ACCOUNTS", "off", "mfa", "mfa-and-groups");
        if ("mfa-and-groups".equals(env.get("MERGE_PROTECTED_ACCOUNTS"))) {
            env.put("MERGE_PROTECTED_GROUPS", pick(random, List.of("admins", "admins,staff")));
        }
        return env;
    }

    static void maybe(SplittableRandom random, Map<String, String> env, String variable, String... values) {
        if (chance(random, 50)) {
            env.put(variable, pick(random, List.of(values)));
        }
    }

    /** Every self-service setting, with what makes a value of it wrong ({@code <P>}: a provider's form). */
    static final Map<String, java.util.function.BiFunction<SplittableRandom, String, String>> INVALID =
            new LinkedHashMap<>();

    static {
        INVALID.put("MERGE_SELF_SERVICE_MAX_AUTH_AGE", (random, base) -> pick(random, List.of("5s", "29s", "61m", "2h",
                "ten minutes", "0", "-10m", "10 m", "PT0S", "1d")));
        INVALID.put("MERGE_SELF_SERVICE_CLIENT_IDS", (random, base) -> pick(random, List.of("bad client!",
                "a".repeat(129), "4selfserviceclient0001;4selfserviceclient0002")));
        INVALID.put("MERGE_SELF_SERVICE_COGNITO_ISSUER", (random, base) -> pick(random, List.of(base + "/" + OTHER_POOL,
                "http://cognito.example/" + POOL, base + "/" + POOL + "/", "cognito-idp/" + POOL)));
        INVALID.put("MERGE_SELF_SERVICE_USER_POOL_ID", (random, base) -> pick(random, List.of("pool", "us-east-1_",
                "us east 1_Pool")));
        INVALID.put("MERGE_SELF_SERVICE_ALLOWED_ORIGINS", (random, base) -> pick(random, List.of("*",
                "https://app.example.com/", "http://app.example.com", "https://app.example.com/link",
                "https://*.example.com")));
        INVALID.put("MERGE_PROVIDER__<P>__ISSUER", (random, base) -> pick(random, List.of("ftp://issuer.example",
                "issuer.example", "http://issuer.example/descope", "https://issuer.example/?tenant=1")));
        INVALID.put("MERGE_PROVIDER__<P>__AUDIENCE", (random, base) -> pick(random, List.of("two words",
                "x".repeat(257))));
    }

    static List<String> selfServiceProviders(Map<String, String> env) {
        return PROVIDERS.stream().filter(p -> env.containsKey("MERGE_PROVIDER__" + envForm(p) + "__ISSUER")).toList();
    }

    /** Another identity, or (often) the one being proven, its provider sometimes in another case. */
    static LinkedIdentity around(SplittableRandom random, List<String> providers, LinkedIdentity proven) {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> proven;
            case 3 -> new LinkedIdentity(proven.providerName().toUpperCase(Locale.ROOT), proven.userId());
            case 4, 5 -> new LinkedIdentity(proven.providerName(), pick(random, List.of("U2oThEr", "u2kate1",
                    "U2k\u0410tE1" /* Cyrillic A */, proven.userId() + " ")));
            default -> new LinkedIdentity(pick(random, List.of("Google", "Facebook", "SignInWithApple",
                    pick(random, providers))), "x" + random.nextInt(1000));
        };
    }

    static Account account(SplittableRandom random, List<String> providers, LinkedIdentity proven) {
        String status = chance(random, 84) ? "CONFIRMED" : pick(random, List.of("UNCONFIRMED", "FORCE_CHANGE_PASSWORD",
                "RESET_REQUIRED", "EXTERNAL_PROVIDER"));
        String email = chance(random, 3) ? null : chance(random, 85) ? ADDRESS : pick(random, EMAILS);
        int linked = switch (random.nextInt(20)) {
            case 0, 1, 2, 3, 4 -> 1;
            case 5, 6 -> 2 + random.nextInt(3);
            case 7, 8 -> LINK_LIMIT;
            default -> 0;
        };
        List<LinkedIdentity> identities = new ArrayList<>();
        boolean othersOnly = linked == LINK_LIMIT && random.nextBoolean(); // full, but of other providers only
        for (int k = 0; k < linked; k++) {
            identities.add(othersOnly ? new LinkedIdentity(pick(random, List.of("Google", "Facebook",
                    "SignInWithApple")), "x" + k) : around(random, providers, proven));
        }
        List<LinkedIdentity> unlinked = switch (random.nextInt(14)) {
            case 0 -> List.of(proven);
            case 1 -> List.of(new LinkedIdentity(proven.providerName().toLowerCase(Locale.ROOT), proven.userId()));
            case 2 -> List.of(around(random, providers, proven));
            default -> List.of();
        };
        List<String> groups = switch (random.nextInt(8)) {
            case 0, 1 -> List.of("admins");
            case 2 -> List.of("staff", "admins");
            case 3 -> List.of("staff");
            default -> List.of();
        };
        return new Account(status, chance(random, 95), email, chance(random, 94), identities, unlinked,
                chance(random, 5), chance(random, 40), groups);
    }

    // ------------------------------------------------------------------------------------------------ tokens

    static long maxAge(Map<String, String> env) {
        String value = env.get("MERGE_SELF_SERVICE_MAX_AUTH_AGE");
        return value == null ? SelfServiceSettings.DEFAULT_MAX_AUTH_AGE.toSeconds() : MAX_AGES.get(value);
    }

    /** The claims of a symbolic claim map as a token would carry them at {@code now}, on top of {@code base}. */
    static JWTClaimsSet claims(Map<String, Object> symbolic, Map<String, Object> base, Instant now, long maxAge,
            boolean endToEnd) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        base.forEach(builder::claim);
        symbolic.forEach((name, value) -> {
            if (value instanceof When when) {
                long at = now.getEpochSecond() + when.offset(maxAge, endToEnd);
                builder.claim(name, when == When.AS_TEXT ? Long.toString(at) : (Object) at);
            } else {
                builder.claim(name, value);
            }
        });
        return builder.build();
    }

    static Map<String, Object> cognitoBase(Scenario scenario, Instant now) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("iss", scenario.env().get("MERGE_SELF_SERVICE_COGNITO_ISSUER"));
        base.put("sub", "0d1a3c5e-0000-4000-8000-00000000cafe");
        base.put("aud", scenario.env().get("MERGE_SELF_SERVICE_CLIENT_IDS").split(",")[0]);
        base.put("token_use", "id");
        base.put("iat", now.getEpochSecond() - 5);
        base.put("exp", now.getEpochSecond() + 3600);
        return base;
    }

    static Map<String, Object> identityBase(Scenario scenario, String provider, Instant now) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("iss", scenario.env().get("MERGE_PROVIDER__" + envForm(provider) + "__ISSUER"));
        base.put("aud", audience(provider));
        base.put("iat", now.getEpochSecond() - 5);
        base.put("exp", now.getEpochSecond() + 600);
        return base;
    }

    // ------------------------------------------------------------------------------------------------ the decision

    static Started start(Map<String, String> env) {
        MergeSettings merge = new MergeSettings(EnvironmentConfig.of(env));
        return new Started(merge, SelfServiceStart.settings(EnvironmentConfig.of(env), merge));
    }

    /**
     * The handler's walk over the decision at {@code now}: the provider, the two tokens' claims read as the handler
     * reads them (once verified), then {@link SelfServiceRules} step by step, with Cognito's answers taken from the
     * scenario's pool.
     */
    static Run decide(Scenario scenario, Started started, Instant now, boolean endToEnd) {
        SelfServiceRules rules = started.selfService().rules();
        List<Link> links = new ArrayList<>();
        int calls = 0;
        try {
            Optional<String> provider = rules.provider(scenario.requestedProvider());
            if (provider.isEmpty()) {
                return new Run(SelfServiceReason.UNKNOWN_PROVIDER, Outcome.REFUSED, links, calls, null);
            }
            long maxAge = maxAge(scenario.env());
            NativeSignIn signIn;
            IdentityProof proof;
            try {
                signIn = SelfServiceClaims.nativeSignIn(claims(scenario.cognito(), cognitoBase(scenario, now), now,
                        maxAge, endToEnd));
                proof = SelfServiceClaims.identityProof(provider.get(), claims(scenario.identity(),
                        identityBase(scenario, provider.get(), now), now, maxAge, endToEnd));
            } catch (TokenRejectedException e) {
                return new Run(SelfServiceReason.INVALID_TOKEN, Outcome.REFUSED, links, calls, null);
            }
            SelfServiceStep step = rules.check(signIn, proof, now);
            if (step instanceof ReadAccount read) {
                calls++;
                step = rules.afterRead(read, scenario.account() != null && USERNAME.equals(read.username())
                        ? Optional.of(scenario.account().asCognitoShowsIt()) : Optional.empty());
            }
            if (step instanceof CheckProfile check) {
                calls++;
                step = rules.afterProfileCheck(check, scenario.identityHasProfile());
            }
            if (step instanceof Link link) {
                calls++;
                links.add(link);
                if (scenario.identityLinkedElsewhere()) {
                    calls++; // Cognito's InvalidParameterException: the user's identities are read again, not its text
                }
                step = scenario.identityLinkedElsewhere() ? rules.linkRefused(link)
                        : rules.afterLink(link, scenario.account().identities().size() >= LINK_LIMIT
                                ? LinkResult.LIMIT_EXCEEDED : LinkResult.LINKED);
            }
            Answer answer = (Answer) step;
            return new Run(answer.reason(), answer.outcome(), links, calls, null);
        } catch (RuntimeException e) {
            return new Run(null, null, links, calls, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ the oracle

    /** The A-Z fold, written here again so that the check does not trust decision.EmailKey. */
    static String fold(String email) {
        StringBuilder folded = new StringBuilder(email.length());
        for (char c : email.toCharArray()) {
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return folded.toString();
    }

    static boolean names(LinkedIdentity held, String provider, String subject) {
        return held.providerName().equalsIgnoreCase(provider) && held.userId().equals(subject);
    }

    /**
     * What holds in a scenario, read from the scenario alone (never from the code under test): each fact is one
     * condition of docs/self-service-link.md.
     */
    static final class Facts {
        final boolean providerKnown;
        final String provider;
        final String subject;
        final boolean forged;
        final boolean malformed;
        final boolean nativeFresh;
        final boolean identityFresh;
        final boolean ahead;
        final boolean nativeClaim;
        final boolean accountExists;
        final boolean federatedAccount;
        final boolean qualified;
        final boolean unreadable;
        final String idpEmail;
        final boolean emailPresent;
        final boolean sameAddress;
        final boolean asserted;
        final boolean verificationOff;
        final boolean holdsThis;
        final boolean holdsOtherOfProvider;
        final boolean listedUnlinked;
        final int identityCount;
        final boolean profile;
        final boolean elsewhere;
        final boolean sourceTooLong;
        final boolean dryRun;
        final boolean secondIdentityLinks;

        Facts(Scenario s, boolean endToEnd) {
            Map<String, String> env = s.env();
            provider = selfServiceProviders(env).stream().filter(p -> p.equalsIgnoreCase(s.requestedProvider()))
                    .findFirst().orElse(null);
            providerKnown = provider != null;
            forged = s.defect() != null;
            Object username = s.cognito().get("cognito:username");
            Object sub = s.identity().get("sub");
            subject = sub instanceof String text ? text : "";
            malformed = !(username instanceof String name && !name.isBlank()) || subject.isBlank()
                    || s.cognito().get("auth_time") == When.AS_TEXT || s.identity().get("auth_time") == When.AS_TEXT;
            long maxAge = maxAge(env);
            Long nativeAt = s.cognito().get("auth_time") instanceof When when ? when.offset(maxAge, endToEnd) : null;
            Long identityAt = s.identity().get("auth_time") instanceof When when ? when.offset(maxAge, endToEnd)
                    : Long.valueOf(-5); // iat
            nativeFresh = nativeAt != null && nativeAt >= -maxAge && nativeAt <= SKEW_SECONDS;
            identityFresh = identityAt >= -maxAge && identityAt <= SKEW_SECONDS;
            ahead = nativeAt != null && nativeAt > SKEW_SECONDS || identityAt > SKEW_SECONDS;
            nativeClaim = !s.cognito().containsKey("identities");
            Account account = s.account();
            accountExists = account != null && USERNAME.equals(username);
            federatedAccount = accountExists && "EXTERNAL_PROVIDER".equals(account.status());
            unreadable = accountExists && account.unlinkedUnreadable();
            qualified = accountExists && "CONFIRMED".equals(account.status()) && account.enabled()
                    && account.emailVerified() && account.email() != null && !unreadable;
            idpEmail = s.identity().get("email") instanceof String text ? text : null;
            emailPresent = idpEmail != null && !idpEmail.isBlank();
            sameAddress = emailPresent && accountExists && account.email() != null
                    && fold(idpEmail).equals(fold(account.email()));
            Object verified = s.identity().get("email_verified");
            asserted = Boolean.TRUE.equals(verified) || verified instanceof String text && text.equalsIgnoreCase("true");
            String own = provider == null ? null
                    : env.get("MERGE_PROVIDER__" + envForm(provider) + "__REQUIRE_VERIFIED_EMAIL");
            String flag = own != null ? own : env.get("MERGE_REQUIRE_VERIFIED_EMAIL");
            verificationOff = "false".equalsIgnoreCase(flag);
            List<LinkedIdentity> held = accountExists ? account.identities() : List.of();
            holdsThis = providerKnown && held.stream().anyMatch(h -> names(h, provider, subject));
            holdsOtherOfProvider = providerKnown && held.stream().anyMatch(h ->
                    h.providerName().equalsIgnoreCase(provider) && !h.userId().equals(subject));
            listedUnlinked = providerKnown && accountExists
                    && account.unlinked().stream().anyMatch(h -> names(h, provider, subject));
            identityCount = held.size();
            profile = s.identityHasProfile();
            elsewhere = s.identityLinkedElsewhere();
            sourceTooLong = providerKnown
                    && provider.length() + SUBJECT_ATTRIBUTE.length() + subject.length() > MAX_SOURCE_LENGTH;
            dryRun = "true".equalsIgnoreCase(env.get("MERGE_DRY_RUN"));
            secondIdentityLinks = "link".equalsIgnoreCase(env.get("MERGE_ON_SECOND_IDENTITY"));
        }

        /** Both proofs valid, fresh and native (a). */
        boolean proofs() {
            return providerKnown && !forged && !malformed && nativeFresh && identityFresh && !ahead && nativeClaim;
        }

        /** The account may take an identity of this address at all (b). */
        boolean owner() {
            return accountExists && !federatedAccount && qualified && emailPresent && sameAddress
                    && (asserted || verificationOff);
        }

        /** Nothing of the account's own stops this identity (c, d, e). */
        boolean free() {
            return !holdsThis && !listedUnlinked && !(holdsOtherOfProvider && !secondIdentityLinks)
                    && identityCount < LINK_LIMIT && !profile && !sourceTooLong;
        }

        /** The answer a request must get when everything but Cognito's own refusal allows the link. */
        Optional<SelfServiceReason> expected() {
            if (proofs() && owner() && holdsThis && !sourceTooLong) {
                return Optional.of(SelfServiceReason.ALREADY_LINKED);
            }
            if (proofs() && owner() && free()) {
                return Optional.of(dryRun ? SelfServiceReason.DRY_RUN
                        : elsewhere ? SelfServiceReason.LINK_REFUSED : SelfServiceReason.LINKED);
            }
            return Optional.empty();
        }

        /** Whether the condition a refusal names holds (h). */
        boolean justifies(SelfServiceReason reason) {
            return switch (reason) {
                case UNKNOWN_PROVIDER -> !providerKnown;
                case INVALID_TOKEN -> forged || malformed || ahead;
                case STALE_SIGN_IN -> !nativeFresh || !identityFresh;
                case NOT_A_NATIVE_SIGN_IN -> !nativeClaim || federatedAccount;
                case EMAIL_NOT_VERIFIED -> !asserted && !verificationOff;
                case EMAIL_MISMATCH -> !sameAddress;
                case CANDIDATE_NOT_QUALIFIED -> !qualified;
                case UNLINKED_BY_OPERATOR -> listedUnlinked;
                case PROVIDER_ALREADY_LINKED -> holdsOtherOfProvider && !secondIdentityLinks;
                case LINK_LIMIT_REACHED -> identityCount >= LINK_LIMIT;
                case IDENTITY_HAS_PROFILE -> profile;
                case LINK_REFUSED -> sourceTooLong || elsewhere;
                case ALREADY_LINKED -> holdsThis;
                case DRY_RUN -> dryRun;
                case LINKED -> true;
                case ORIGIN_NOT_ALLOWED, INVALID_REQUEST, UNAVAILABLE, INTERNAL_ERROR -> false;
            };
        }
    }

    /** Every invariant over one run (of the decision, or of the whole function with the same shape of record). */
    static List<String> invariants(Scenario scenario, Facts f, Run run, Map<String, Integer> documented) {
        List<String> found = new ArrayList<>();
        if (run.crash() != null) {
            found.add("total: the decision threw " + run.crash());
            return found;
        }
        if (run.reason() == null) {
            found.add("f: no answer");
            return found;
        }
        boolean linked = !run.links().isEmpty();
        if (linked) {
            if (f.forged) {
                found.add("a: linked with a forged token (" + scenario.defect() + ")");
            }
            if (!f.providerKnown || f.malformed || f.ahead) {
                found.add("a: linked with a token the function cannot take");
            }
            if (!f.nativeFresh) {
                found.add("a: linked without a fresh native sign-in (auth_time " + scenario.cognito().get("auth_time")
                        + ", max age " + maxAge(scenario.env()) + "s)");
            }
            if (!f.identityFresh) {
                found.add("a: linked with a stale IdP sign-in");
            }
            if (!f.nativeClaim) {
                found.add("a: linked on a federated sign-in's token (identities claim)");
            }
            if (f.federatedAccount) {
                found.add("a: linked to a federated-only user");
            }
            if (!f.qualified) {
                found.add("b: linked to an account that is not confirmed, enabled, verified, readable");
            }
            if (!f.sameAddress) {
                found.add("b: linked although the IdP's email '" + f.idpEmail + "' is not the account's");
            }
            if (!f.asserted && !f.verificationOff) {
                found.add("b: linked although the IdP did not assert email_verified=true");
            }
            if (f.listedUnlinked || f.unreadable) {
                found.add("c: linked an identity custom:merge_unlinked lists (or cannot be read)");
            }
            if (f.profile) {
                found.add("d: linked an identity that has its own federated profile");
            }
            if (f.holdsThis) {
                found.add("e: linked again an identity the account holds");
            }
            if (f.holdsOtherOfProvider && !f.secondIdentityLinks) {
                found.add("e: a second identity of " + f.provider + " with MERGE_ON_SECOND_IDENTITY=refuse");
            }
            if (f.identityCount >= LINK_LIMIT) {
                found.add("e: linked past the link limit");
            }
            if (run.links().size() > 1) {
                found.add("e: more than one link call in one request: " + run.links());
            }
            for (Link link : run.links()) {
                if (!link.username().equals(scenario.cognito().get("cognito:username"))
                        || !link.identity().equals(new FederatedIdentity(f.provider, f.subject))) {
                    found.add("g: linked " + link.identity() + " to " + link.username()
                            + ", not the proven identity to the user the Cognito token names");
                }
            }
            if (f.dryRun) {
                found.add("g: a dry run linked");
            }
        }
        // f: documented codes only, with the documented status and the code's own sentence
        SelfServiceReason reason = run.reason();
        if (run.outcome() == Outcome.REFUSED) {
            Integer status = documented.get(reason.code());
            if (status == null) {
                found.add("f: refused with the undocumented code " + reason.code());
            } else if (status != SelfServiceClaims.status(reason)) {
                found.add("f: " + reason.code() + " answers " + SelfServiceClaims.status(reason) + ", documented "
                        + status);
            }
            if (reason.message() == null || reason.message().isBlank() || reason.message().contains("@")) {
                found.add("f: " + reason.code() + " has no safe sentence");
            }
        } else if (!Set.of(SelfServiceReason.LINKED, SelfServiceReason.ALREADY_LINKED, SelfServiceReason.DRY_RUN)
                .contains(reason)) {
            found.add("f: " + run.outcome() + " with the reason " + reason.code());
        }
        if (reason == SelfServiceReason.LINKED && !linked) {
            found.add("f: answered linked without a link call");
        }
        // h: the refusal is the true one, and a request that meets every condition gets its answer
        if (!f.justifies(reason)) {
            found.add("h: answered " + reason.code() + " though its condition does not hold");
        }
        Optional<SelfServiceReason> expected = f.expected();
        if (expected.isPresent() && expected.get() != reason) {
            found.add("h: every condition holds for " + expected.get().code() + ", answered " + reason.code());
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ the checks

    static List<String> check(Scenario scenario, Map<Map<String, String>, Started> cache,
            Map<String, Integer> documented) {
        if (scenario.invalidConfig()) {
            return checkInvalidConfig(scenario);
        }
        if (scenario.defect() != null) {
            return List.of(); // the verifier refuses it before the decision: end to end only
        }
        Started started = cache.computeIfAbsent(scenario.env(), SelfServiceInvariantsTest::start);
        Run first = decide(scenario, started, NOW, false);
        STATS.merge("decision " + (first.reason() == null ? "crash" : first.reason().code()), 1, Integer::sum);
        List<String> found = new ArrayList<>(invariants(scenario, new Facts(scenario, false), first, documented));
        if (found.isEmpty() && first.reason() == SelfServiceReason.LINKED) {
            // e: the same request again, on the account as the link left it
            Link link = first.links().get(0);
            List<LinkedIdentity> more = new ArrayList<>(scenario.account().identities());
            more.add(new LinkedIdentity(link.identity().providerName(), link.identity().subject()));
            Scenario after = scenario.withAccount(scenario.account().with(more, scenario.account().unlinked(),
                    scenario.account().unlinkedUnreadable()));
            Run again = decide(after, started, NOW, false);
            if (again.reason() != SelfServiceReason.ALREADY_LINKED || !again.links().isEmpty()) {
                found.add("e: the same request after the link answered " + (again.reason() == null ? again.crash()
                        : again.reason().code()) + " with " + again.links().size() + " link call(s)");
            }
        }
        return found;
    }

    /** j: every invalid value stops init, with one sentence naming each wrong variable and no SmallRye code. */
    static List<String> checkInvalidConfig(Scenario scenario) {
        Set<String> wrong = new LinkedHashSet<>();
        scenario.env().forEach((variable, value) -> {
            boolean selfService = variable.startsWith("MERGE_SELF_SERVICE_") || variable.endsWith("__ISSUER")
                    || variable.endsWith("__AUDIENCE");
            if (selfService && !isValidSetting(variable, value)) {
                wrong.add(variable);
            }
        });
        try {
            start(scenario.env());
            return List.of("j: init accepted invalid settings " + wrong);
        } catch (InvalidConfigurationException e) {
            List<String> found = new ArrayList<>();
            for (String variable : wrong) {
                if (!e.getMessage().contains(variable)) {
                    found.add("j: the init error does not name " + variable + ": " + e.getMessage());
                }
            }
            if (e.getMessage().contains("SRCFG") || e.getMessage().contains("merge.")) {
                found.add("j: the init error speaks SmallRye: " + e.getMessage());
            }
            return found;
        } catch (RuntimeException e) {
            return List.of("j: init failed with " + e + " instead of our sentence");
        }
    }

    /** Whether a generated value is one {@link #validSettings} makes (anything else came from {@link #INVALID}). */
    static boolean isValidSetting(String variable, String value) {
        return switch (variable) {
            case "MERGE_SELF_SERVICE_MAX_AUTH_AGE" -> MAX_AGES.containsKey(value);
            case "MERGE_SELF_SERVICE_CLIENT_IDS" -> value.equals(CLIENTS.get(0)) || value.equals(String.join(",", CLIENTS));
            case "MERGE_SELF_SERVICE_COGNITO_ISSUER" -> value.matches("http://127\\.0\\.0\\.1:\\d+/" + POOL);
            case "MERGE_SELF_SERVICE_USER_POOL_ID" -> value.equals(POOL);
            case "MERGE_SELF_SERVICE_ALLOWED_ORIGINS" -> value.equals(ORIGIN)
                    || value.equals(ORIGIN + ",https://admin.example.com");
            default -> variable.endsWith("__ISSUER") ? value.matches("http://127\\.0\\.0\\.1:\\d+/idp-[a-z]+")
                    : value.matches("(another-client,)?aud-[a-z]+");
        };
    }

    // ------------------------------------------------------------------------------------------------ shrinking

    /** Greedy: drop settings, claims, the account's entries and the hostile flags while the scenario still fails. */
    static Scenario shrink(Scenario failing, Predicate<Scenario> failsAsIs) {
        // A smaller scenario whose settings no longer start is not a smaller failure.
        Predicate<Scenario> fails = scenario -> {
            try {
                return failsAsIs.test(scenario);
            } catch (InvalidConfigurationException e) {
                return false;
            }
        };
        if (failing.invalidConfig()) {
            return failing; // dropping a setting could drop the wrong value itself
        }
        Scenario current = failing;
        boolean smaller = true;
        int tries = 0;
        // Bounded: a candidate may run end to end, and a report needs a small scenario, not the smallest.
        while (smaller && tries < MAX_SHRINK_TRIES) {
            smaller = false;
            for (Scenario candidate : simpler(current)) {
                if (++tries > MAX_SHRINK_TRIES) {
                    break;
                }
                if (fails.test(candidate)) {
                    current = candidate;
                    smaller = true;
                    break;
                }
            }
        }
        return current;
    }

    static List<Scenario> simpler(Scenario s) {
        List<Scenario> candidates = new ArrayList<>();
        if (s.defect() != null || s.identityHasProfile() || s.identityLinkedElsewhere() || !ORIGIN.equals(s.origin())) {
            candidates.add(s.withFlags(false, false, null, ORIGIN));
            candidates.add(s.withFlags(false, s.identityLinkedElsewhere(), s.defect(), s.origin()));
            candidates.add(s.withFlags(s.identityHasProfile(), false, s.defect(), s.origin()));
            candidates.add(s.withFlags(s.identityHasProfile(), s.identityLinkedElsewhere(), null, s.origin()));
        }
        for (String variable : s.env().keySet()) {
            if (!Set.of("MERGE_PROVIDER_NAMES", "MERGE_SELF_SERVICE_USER_POOL_ID", "MERGE_SELF_SERVICE_CLIENT_IDS",
                    "MERGE_SELF_SERVICE_COGNITO_ISSUER").contains(variable)) {
                Map<String, String> env = new HashMap<>(s.env());
                env.remove(variable);
                candidates.add(s.withEnv(env));
            }
        }
        for (String claim : s.cognito().keySet()) {
            Map<String, Object> cognito = new LinkedHashMap<>(s.cognito());
            cognito.remove(claim);
            candidates.add(s.withClaims(cognito, s.identity()));
        }
        for (String claim : s.identity().keySet()) {
            Map<String, Object> identity = new LinkedHashMap<>(s.identity());
            identity.remove(claim);
            candidates.add(s.withClaims(s.cognito(), identity));
        }
        Account account = s.account();
        if (account != null) {
            for (int i = 0; i < account.identities().size(); i++) {
                List<LinkedIdentity> fewer = new ArrayList<>(account.identities());
                fewer.remove(i);
                candidates.add(s.withAccount(account.with(fewer, account.unlinked(), account.unlinkedUnreadable())));
            }
            if (!account.unlinked().isEmpty() || account.unlinkedUnreadable()) {
                candidates.add(s.withAccount(account.with(account.identities(), List.of(), false)));
            }
            if (account.mfa()) {
                candidates.add(s.withAccount(new Account(account.status(), account.enabled(), account.email(),
                        account.emailVerified(), account.identities(), account.unlinked(),
                        account.unlinkedUnreadable(), false, List.of())));
            }
        }
        return candidates;
    }

    static String identitiesJson(List<LinkedIdentity> identities) {
        ArrayNode array = JSON.createArrayNode();
        identities.forEach(identity -> array.addObject().put("userId", identity.userId())
                .put("providerName", identity.providerName()).put("providerType", "OIDC"));
        return array.toString();
    }

    // ------------------------------------------------------------------------------------------------ end to end

    /**
     * The real handler wired by hand (no Quarkus: thousands of settings would each need a start), the real SDK client
     * and {@link UserDirectory} against the Cognito stand-in, and the real token verification against the loopback
     * OpenID issuers, whose keys are made here. The request is the application's: POST, bearer Cognito ID token,
     * {"provider", "token"}, an Origin (or none, or a foreign one).
     */
    static final class EndToEnd implements AutoCloseable {

        private final OidcStandIn oidc;
        private final Map<String, Integer> documented;
        private final CognitoStandIn standIn;
        private final CognitoIdentityProviderClient client;
        private final UserDirectory directory;
        private final Issuers issuers;
        private final ObjectMapper json = new ObjectMapper();
        private final Map<Map<String, String>, Wired> handlers = new HashMap<>();
        /** Never published by any issuer: what a forger signs with (under the issuer's own kid). */
        private final RSAKey foreign = OidcStandIn.rsaKey("foreign");

        record Wired(SelfServiceLinkHandler handler, RecordingAuditLog audit, Started started) {
        }

        EndToEnd(OidcStandIn oidc, Map<String, Integer> documented) throws IOException {
            this.oidc = oidc;
            this.documented = documented;
            oidc.issuer(POOL).publish(OidcStandIn.rsaKey("cognito-1"));
            oidc.issuer(OTHER_POOL).publish(OidcStandIn.rsaKey("other-pool-1"));
            for (String provider : PROVIDERS) {
                oidc.issuer(issuerName(provider)).publish(OidcStandIn.rsaKey(issuerName(provider) + "-1"));
            }
            standIn = CognitoStandIn.start(POOL);
            client = CognitoClientProducer.configure(CognitoIdentityProviderClient.builder()
                            .endpointOverride(standIn.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("test-only", "test-only")))
                            .httpClient(UrlConnectionHttpClient.create()))
                    .build();
            directory = new UserDirectory(client, json);
            issuers = new Issuers(json);
        }

        JWK key(String issuer) {
            return oidc.issuer(issuer).key(issuer.equals(POOL) ? "cognito-1"
                    : issuer.equals(OTHER_POOL) ? "other-pool-1" : issuer + "-1");
        }

        /** {@code claims} signed by {@code key}, or forged as {@code defect} says when it is about this token. */
        String sign(JWK key, JWTClaimsSet claims, Defect defect, boolean cognito) {
            boolean mine = defect != null && defect.name().startsWith(cognito ? "COGNITO_" : "IDP_");
            if (mine && defect.name().endsWith("_UNSIGNED")) {
                return Tokens.unsigned(claims, key.getKeyID());
            }
            if (mine && defect.name().endsWith("_FOREIGN_KEY")) {
                return Tokens.sign(new RSAKey.Builder(foreign).keyID(key.getKeyID()).build(), claims);
            }
            if (mine && defect == Defect.COGNITO_HMAC_WITH_PUBLIC_KEY) {
                return Tokens.hmacWithPublicKey((RSAKey) key.toPublicJWK(), claims);
            }
            return Tokens.sign(key, claims);
        }

        String cognitoToken(Scenario s, Instant now) {
            Map<String, Object> base = cognitoBase(s, now);
            String issuer = POOL;
            Defect defect = s.defect();
            if (defect == Defect.COGNITO_OTHER_POOL) {
                issuer = OTHER_POOL;
                base.put("iss", oidc.issuer(OTHER_POOL).url());
            } else if (defect == Defect.COGNITO_ACCESS_TOKEN) {
                base.put("token_use", "access");
                base.put("client_id", base.remove("aud"));
            } else if (defect == Defect.COGNITO_NO_TOKEN_USE) {
                base.remove("token_use");
            } else if (defect == Defect.COGNITO_CLIENT_NOT_LISTED) {
                base.put("aud", UNLISTED_CLIENT);
            } else if (defect == Defect.COGNITO_EXPIRED) {
                base.put("iat", now.getEpochSecond() - 7200);
                base.put("exp", now.getEpochSecond() - 3600);
            }
            return sign(key(issuer), claims(s.cognito(), base, now, maxAge(s.env()), true), defect, true);
        }

        String identityToken(Scenario s, String provider, Instant now, String cognitoToken) {
            Defect defect = s.defect();
            if (defect == Defect.IDP_COGNITO_TOKEN_INSTEAD) {
                return cognitoToken;
            }
            Map<String, Object> base = identityBase(s, provider, now);
            if (defect == Defect.IDP_WRONG_AUDIENCE) {
                base.put("aud", "not-our-project");
            } else if (defect == Defect.IDP_EXPIRED) {
                base.put("iat", now.getEpochSecond() - 1200);
                base.put("exp", now.getEpochSecond() - 600);
            } else if (defect == Defect.IDP_NOT_YET_VALID) {
                base.put("nbf", now.getEpochSecond() + 600);
            }
            return sign(key(issuerName(provider)), claims(s.identity(), base, now, maxAge(s.env()), true), defect,
                    false);
        }

        List<String> check(Scenario scenario, Map<Map<String, String>, Started> cache) {
            STATS.merge("e2e total", 1, Integer::sum);
            Started started = cache.computeIfAbsent(scenario.env(), SelfServiceInvariantsTest::start);
            Wired wired = handlers.computeIfAbsent(scenario.env(), env -> {
                RecordingAuditLog audit = new RecordingAuditLog(json, started.merge());
                return new Wired(new SelfServiceLinkHandler(started.selfService(), started.merge(), directory, audit,
                        json, LinkNotifier.disabled(), issuers), audit, started);
            });
            Facts facts = new Facts(scenario, true);
            String signingProvider = facts.providerKnown ? facts.provider : selfServiceProviders(scenario.env()).get(0);
            seed(scenario, signingProvider);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String cognitoToken = cognitoToken(scenario, now);
            ObjectNode event = HttpEvents.link(cognitoToken, scenario.requestedProvider(),
                    identityToken(scenario, signingProvider, now, cognitoToken), scenario.origin());
            Map<String, List<Map<String, String>>> before = identities();
            List<String> found = new ArrayList<>();
            JsonNode response = invoke(wired, event, found);
            if (response == null) {
                return found;
            }
            Run observed = observed(response, standIn.calls(), found);
            STATS.merge("e2e " + (observed.reason() == null ? "?" : observed.reason().code()), 1, Integer::sum);

            // What the decision answers for the same scenario at the same moment, unless the function must stop
            // before it: a foreign origin, an unknown provider, a forged token.
            boolean originRefused = scenario.origin() != null
                    && !wired.started().selfService().allowedOrigins().contains(scenario.origin());
            Run expected = originRefused ? new Run(SelfServiceReason.ORIGIN_NOT_ALLOWED, Outcome.REFUSED, List.of(), 0,
                    null)
                    : facts.providerKnown && facts.forged ? new Run(SelfServiceReason.INVALID_TOKEN, Outcome.REFUSED,
                            List.of(), 0, null)
                    : decide(scenario, started, now, true);
            if (expected.crash() != null) {
                found.add("total: the decision threw " + expected.crash());
                return found;
            }
            if (observed.reason() != expected.reason()) {
                found.add("i: the function answered " + (observed.reason() == null ? "?" : observed.reason().code())
                        + ", the decision " + expected.reason().code() + " (" + response.path("body").asText() + ")");
            }
            if (observed.cognitoCalls() != expected.cognitoCalls()) {
                found.add("i: " + observed.cognitoCalls() + " Cognito call(s), the decision makes "
                        + expected.cognitoCalls() + ": " + standIn.calls().stream().map(RecordedCall::operation).toList());
            }
            if (originRefused) {
                if (observed.reason() != SelfServiceReason.ORIGIN_NOT_ALLOWED) {
                    found.add("i: a foreign origin was not refused");
                }
                return found;
            }
            found.addAll(invariants(scenario, facts, observed, documented));
            String allowOrigin = response.path("headers").path("access-control-allow-origin").asText(null);
            if (scenario.origin() == null ? allowOrigin != null : !scenario.origin().equals(allowOrigin)) {
                found.add("i: access-control-allow-origin " + allowOrigin + " for origin " + scenario.origin());
            }
            String audit = wired.audit().lines().isEmpty() ? "" : wired.audit().lines().get(wired.audit().lines().size() - 1);
            if (observed.reason() != null && !audit.contains("\"reason\":\"" + observed.reason().code() + "\"")) {
                found.add("i: the audit line does not carry " + observed.reason().code() + ": " + audit);
            }
            if (audit.contains("eyJ") || facts.emailPresent && facts.idpEmail.contains("@")
                    && audit.contains(facts.idpEmail.strip())) {
                found.add("i: the audit line carries a token or the email: " + audit);
            }
            // The identities the pool now holds: at most the one proven, on the signed-in user, only when linked.
            Map<String, List<Map<String, String>>> after = identities();
            boolean changed = !after.equals(before);
            if (changed != (observed.reason() == SelfServiceReason.LINKED)) {
                found.add("e: the pool's identities " + (changed ? "changed" : "did not change") + " on "
                        + (observed.reason() == null ? "?" : observed.reason().code()) + ": " + before + " -> " + after);
            }
            if (found.isEmpty() && observed.reason() == SelfServiceReason.LINKED) {
                // e: the same request again (a double click, a replayed pair)
                int callsBefore = standIn.calls("AdminLinkProviderForUser").size();
                JsonNode again = invoke(wired, event, found);
                if (again != null) {
                    JsonNode body = body(again);
                    if (again.path("statusCode").asInt() != 200 || body.path("linked").asBoolean(true)
                            || !"already-linked".equals(body.path("reason").asText())
                            || standIn.calls("AdminLinkProviderForUser").size() != callsBefore) {
                        found.add("e: the same request again answered " + again.path("statusCode").asInt() + " "
                                + body + " with " + (standIn.calls("AdminLinkProviderForUser").size() - callsBefore)
                                + " more link call(s)");
                    }
                }
            }
            return found;
        }

        private void seed(Scenario scenario, String provider) {
            standIn.reset();
            if (scenario.account() != null) {
                standIn.addUser(scenario.account().standIn());
            }
            // (g) a qualified user of the same address that no token names: never the destination of a link.
            standIn.addUser(new StandInUser(DECOY, "CONFIRMED", true, Map.of("email", ADDRESS, "email_verified",
                    "true")));
            Object sub = scenario.identity().get("sub");
            if (sub instanceof String subject && !subject.isBlank()) {
                if (scenario.identityHasProfile()) {
                    standIn.addUser(StandInUser.federatedOnly(provider + "_" + subject, ADDRESS));
                }
                if (scenario.identityLinkedElsewhere()) {
                    standIn.addUser(new StandInUser("someone-else", "CONFIRMED", true, Map.of("email",
                            "someone@example.com", "email_verified", "true", "identities",
                            identitiesJson(List.of(new LinkedIdentity(provider, subject))))));
                }
            }
        }

        private JsonNode invoke(Wired wired, ObjectNode event, List<String> found) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                wired.handler().handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
                        out, new StubContext(Duration.ofSeconds(10)));
                return json.readTree(out.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                found.add("total: the handler threw " + e);
                return null;
            }
        }

        private JsonNode body(JsonNode response) {
            try {
                return json.readTree(response.path("body").asText());
            } catch (IOException e) {
                return json.createObjectNode().put("unreadable", response.path("body").asText());
            }
        }

        /** The answer as the person sees it, checked against the documented shapes (f), as a run record. */
        private Run observed(JsonNode response, List<RecordedCall> calls, List<String> found) {
            int status = response.path("statusCode").asInt();
            JsonNode body = body(response);
            SelfServiceReason reason = null;
            Outcome outcome = null;
            if (status == 200 && body.path("linked").asBoolean(false)) {
                reason = SelfServiceReason.LINKED;
                outcome = Outcome.LINKED;
                if (!USERNAME.equals(body.path("destination").asText()) || body.path("provider").asText().isEmpty()) {
                    found.add("f: a linked answer without its provider and destination: " + body);
                }
            } else if (status == 200) {
                String code = body.path("reason").asText();
                reason = code.equals("already-linked") ? SelfServiceReason.ALREADY_LINKED
                        : code.equals("dry-run") ? SelfServiceReason.DRY_RUN : null;
                outcome = reason == SelfServiceReason.ALREADY_LINKED ? Outcome.ALREADY_LINKED : Outcome.CONTINUED;
                if (reason == null || body.size() != 2 || !body.path("linked").isBoolean()) {
                    found.add("f: an undocumented 200 answer: " + body);
                }
            } else {
                String code = body.path("error").asText();
                for (SelfServiceReason candidate : SelfServiceReason.values()) {
                    if (candidate.code().equals(code)) {
                        reason = candidate;
                    }
                }
                outcome = Outcome.REFUSED;
                Integer documentedStatus = documented.get(code);
                if (reason == null || documentedStatus == null) {
                    found.add("f: the undocumented refusal " + status + " " + body);
                } else if (documentedStatus != status) {
                    found.add("f: " + code + " answered " + status + ", documented " + documentedStatus);
                }
                List<String> fields = new ArrayList<>();
                body.fieldNames().forEachRemaining(fields::add);
                if (!fields.equals(List.of("error", "message")) || reason != null
                        && !body.path("message").asText().equals(reason.message())) {
                    found.add("f: a refusal's body is not {error, message} with the code's sentence: " + body);
                }
            }
            if (response.toString().contains("Exception") || response.toString().contains("at dev.")) {
                found.add("f: the answer shows a stack trace: " + response);
            }
            List<Link> links = new ArrayList<>();
            for (RecordedCall call : calls) {
                if (call.operation().equals("AdminLinkProviderForUser")) {
                    JsonNode request = call.request();
                    links.add(new Link(new FederatedIdentity(request.path("SourceUser").path("ProviderName").asText(),
                            request.path("SourceUser").path("ProviderAttributeValue").asText()),
                            request.path("DestinationUser").path("ProviderAttributeValue").asText()));
                }
            }
            return new Run(reason, outcome, links, calls.size(), null);
        }

        private Map<String, List<Map<String, String>>> identities() {
            Map<String, List<Map<String, String>>> all = new TreeMap<>();
            standIn.users().forEach(user -> all.put(user.username(), standIn.identities(user.username())));
            return all;
        }

        @Override
        public void close() {
            client.close();
            standIn.close();
        }
    }
}
