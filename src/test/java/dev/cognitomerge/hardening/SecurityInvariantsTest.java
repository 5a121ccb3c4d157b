package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.config.InvalidConfigurationException;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.Candidate;
import dev.cognitomerge.decision.CreateResult;
import dev.cognitomerge.decision.LinkResult;
import dev.cognitomerge.decision.LinkRules;
import dev.cognitomerge.decision.LinkedIdentity;
import dev.cognitomerge.decision.OwnerProtection;
import dev.cognitomerge.decision.PoolShape;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.SignUpAttempt;
import dev.cognitomerge.decision.Step;
import dev.cognitomerge.decision.Step.CheckNativeSignUp;
import dev.cognitomerge.decision.Step.Complete;
import dev.cognitomerge.decision.Step.CreateAndLink;
import dev.cognitomerge.decision.Step.Inspect;
import dev.cognitomerge.decision.Step.Link;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.decision.Step.Verdict;
import dev.cognitomerge.event.PreSignUpEvents;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.EnvironmentConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The security rules of issue 17 stated once, as invariants over (settings, pool, event), checked on generated
 * scenarios: random settings, random pools (case variants and Unicode look-alikes of the address, half-done users
 * with and without the creation marker, protected owners, several providers, unlink records, federated profiles) and
 * random events (hostile ones: look-alikes, missing and wrongly typed claims, provider case variants, surrounding
 * spaces). Every scenario runs through the real decision ({@link LinkRules}, walked step by step as the handler walks
 * it); a slice runs end to end through the real handler, SDK and {@link UserDirectory} against the stand-in, where
 * the decision alone cannot tell (searches, the "already linked" answer, AdminCreateUser's request, re-delivery).
 *
 * <p>The invariants (numbers as in the issue):
 * <ol>
 *   <li>no link and no create unless the event asserted {@code email_verified=true}, or that provider's
 *       verification is explicitly off (then link only, never create);</li>
 *   <li>no link to an owner that is not confirmed, enabled, verified and holding the address, except completing a user
 *       the function made for this identity;</li>
 *   <li>no link to a protected owner under the mode, on any path;</li>
 *   <li>no link when more than one native user owns the address (A-Z folded) among the users the search returned;</li>
 *   <li>at most one link per provider subject, idempotent under re-delivery; no second identity of one provider
 *       unless {@code MERGE_ON_SECOND_IDENTITY=link} (and never back to a user that lists it as unlinked);</li>
 *   <li>a refusal shows one of the configured sentences, nothing else;</li>
 *   <li>a user is created only when nobody (native or federated) holds the address, with {@code SUPPRESS};</li>
 *   <li>every generated invalid value of every setting stops init with a sentence naming its variable.</li>
 * </ol>
 *
 * <p>{@code -Dinvariants.seed=S} reproduces a run, {@code -Dinvariants.scenarios=N} widens it. It prints one line,
 * {@code invariants: <N> scenarios, <V> violations (seed <S>)}, and fails on any violation with the smallest scenario
 * it could shrink to.
 */
class SecurityInvariantsTest {

    static final long DEFAULT_SEED = 20_261_207L;
    static final int DEFAULT_SCENARIOS = 10_000;
    /** One scenario in this many also runs end to end against the stand-in (slower: real HTTP on loopback). */
    static final int END_TO_END_EVERY = 40;
    static final String POOL = "us-east-1_Invariant1";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String ADDRESS = "kate@example.com";
    /** The address and what an attacker (or a sloppy IdP) makes of it. */
    static final List<String> EMAILS = List.of(ADDRESS, "Kate@Example.com", "KATE@EXAMPLE.COM",
            "\u212Aate@example.com" /* Kelvin sign */, "k\u0430te@example.com" /* Cyrillic a */,
            "\uFF4Bate@example.com" /* full-width k */, " kate@example.com", "kate@example.com ", "kate@example.com.",
            "kate\"@example.com", "other@example.com");
    static final List<String> PROVIDERS = List.of("Descope", "Okta", "CorpSAML");
    static final String SUBJECT = "U2kAtE1";
    static final List<String> SUBJECTS = List.of(SUBJECT, "u2kate1", "U2oThEr");
    static final String CONFIGURED_GUARD_MESSAGE = "Please use the sign-in you already have.";
    static final String CONFIGURED_PROTECTED_MESSAGE = "Sign in with your password, then add this sign-in.";

    // ------------------------------------------------------------------------------------------------ the model

    /** A user of the generated pool, as ListUsers and AdminGetUser/AdminListGroupsForUser would show it. */
    record PoolUser(String username, String status, boolean enabled, String email, boolean emailVerified,
            List<LinkedIdentity> identities, LinkedIdentity createdBy, List<LinkedIdentity> unlinked, boolean mfa,
            List<String> groups) {

        Candidate candidate() {
            return new Candidate(username, status, enabled, email, emailVerified, identities, createdBy, unlinked);
        }

        PoolUser linked(LinkedIdentity identity) {
            List<LinkedIdentity> more = new ArrayList<>(identities);
            more.add(identity);
            return new PoolUser(username, "FORCE_CHANGE_PASSWORD".equals(status) ? "CONFIRMED" : status, enabled,
                    email, emailVerified, more, createdBy, unlinked, mfa, groups);
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
            if (createdBy != null) {
                attributes.put(PoolShape.CREATED_MARKER, identityJson(createdBy).toString());
            }
            if (!unlinked.isEmpty()) {
                attributes.put(PoolShape.UNLINKED_RECORD, identitiesJson(unlinked));
            }
            StandInUser user = new StandInUser(username, status, enabled, attributes);
            user.withMfa(mfa ? List.of("SOFTWARE_TOKEN_MFA") : List.of(), mfa ? "SOFTWARE_TOKEN_MFA" : null);
            user.inGroups(groups.toArray(String[]::new));
            return user;
        }
    }

    /** One generated scenario: settings, pool, event, and how Cognito's side behaves. */
    record Scenario(long index, Map<String, String> env, List<PoolUser> pool, ObjectNode event,
            boolean caseInsensitiveSearch, boolean searchReturnsEveryone, List<String> usernameAttributes,
            boolean markerInSchema, boolean createCollides, boolean invalidConfig) {

        Scenario with(Map<String, String> newEnv, List<PoolUser> newPool, ObjectNode newEvent) {
            return new Scenario(index, newEnv, newPool, newEvent, caseInsensitiveSearch, searchReturnsEveryone,
                    usernameAttributes, markerInSchema, createCollides, invalidConfig);
        }

        String describe(long seed) {
            StringBuilder text = new StringBuilder();
            text.append("scenario #").append(index).append(" (reproduce the run with -Dinvariants.seed=").append(seed)
                    .append(")\n");
            text.append("  settings: ").append(new TreeMap<>(env)).append('\n');
            text.append("  event: ").append(event).append('\n');
            text.append("  search: ").append(caseInsensitiveSearch ? "case-insensitive" : "case-sensitive")
                    .append(searchReturnsEveryone ? ", returns every user" : "")
                    .append("; UsernameAttributes ").append(usernameAttributes)
                    .append(markerInSchema ? "" : "; no custom:merge_created in the schema")
                    .append(createCollides ? "; the create collides" : "").append('\n');
            for (PoolUser user : pool) {
                text.append("  user: ").append(user).append('\n');
            }
            return text.toString();
        }
    }

    /** What the function did in one run of a scenario. */
    record Run(Verdict verdict, String message, List<Action> actions, List<Candidate> searched, Throwable crash) {
    }

    /** A write the function made (or would have made): link, create, complete. */
    record Action(String kind, String destination, LinkedIdentity identity, Map<String, String> attributes,
            boolean createdHere) {
    }

    // ------------------------------------------------------------------------------------------------ the test

    @Test
    void everyGeneratedScenarioKeepsEveryInvariant() throws IOException {
        // Thousands of settings are built: their start-up warnings (verification off, protection off) would drown
        // the one line this test prints. Restored afterwards.
        java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("dev.cognitomerge");
        java.util.logging.Level level = quiet.getLevel();
        quiet.setLevel(java.util.logging.Level.OFF);
        try {
            run();
        } finally {
            quiet.setLevel(level);
        }
    }

    void run() throws IOException {
        long seed = Long.getLong("invariants.seed", DEFAULT_SEED);
        int scenarios = Integer.getInteger("invariants.scenarios", DEFAULT_SCENARIOS);
        Map<Map<String, String>, MergeSettings> settingsCache = new HashMap<>();
        List<String> reports = new ArrayList<>();
        int violations = 0;
        int endToEnd = 0;
        try (EndToEnd e2e = new EndToEnd()) {
            for (long i = 0; i < scenarios; i++) {
                Scenario scenario = generate(new SplittableRandom(seed * 1_000_003L + i), i);
                Checked checked = checkDecision(scenario, settingsCache);
                List<String> found = checked.found();
                // Every fortieth scenario end to end, and every one that the pool's unlink record decides: only the
                // directory reads that record out of Cognito's answer, which the decision alone takes as given.
                boolean runEndToEnd = !scenario.invalidConfig()
                        && (i % END_TO_END_EVERY == 0 || checked.decidedByTheUnlinkRecord());
                if (found.isEmpty() && runEndToEnd) {
                    endToEnd++;
                    found = e2e.check(scenario, settingsCache);
                }
                if (!found.isEmpty()) {
                    violations++;
                    if (reports.size() < 3) {
                        Scenario smallest = shrink(scenario, s -> !(runEndToEnd && check(s, settingsCache).isEmpty()
                                ? e2e.check(s, settingsCache) : check(s, settingsCache)).isEmpty());
                        List<String> smallestFound = check(smallest, settingsCache);
                        if (smallestFound.isEmpty() && runEndToEnd) {
                            smallestFound = e2e.check(smallest, settingsCache);
                        }
                        reports.add(String.join("; ", smallestFound) + "\n" + smallest.describe(seed));
                    }
                }
            }
        }
        System.out.println("invariants: " + scenarios + " scenarios, " + violations + " violations (seed " + seed + ")");
        assertThat(reports).as("violated invariants (first scenarios, shrunk)").isEmpty();
        assertThat(violations).isZero();
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

    Scenario generate(SplittableRandom random, long index) {
        boolean invalid = chance(random, 8);
        Map<String, String> env = invalid ? invalidSettings(random) : validSettings(random);
        List<String> providers = Arrays.asList(env.getOrDefault("MERGE_PROVIDER_NAMES", "Descope").split(","));
        ObjectNode event = event(random, providers, env);
        // Users are drawn around the event (its address, its identity) so that the states that matter (its own
        // half-done user, a record of its unlink, an owner already holding it) come up often, not once in 10,000.
        String userName = event.path("userName").asText();
        LinkedIdentity signingIn = new LinkedIdentity(userName.substring(0, Math.max(0, userName.indexOf('_'))),
                userName.substring(userName.indexOf('_') + 1));
        String email = eventEmail(event);
        List<PoolUser> pool = new ArrayList<>();
        int users = random.nextInt(5);
        for (int u = 0; u < users; u++) {
            pool.add(user(random, "user-" + u, providers, signingIn, email));
        }
        // One pool in five holds this identity's own half-done user alone (maybe protected since), one in eight a
        // lone owner: the paths a broken rule would take, which a fully random pool reaches too rarely.
        if (email != null && chance(random, 20)) {
            LinkedIdentity creator = new LinkedIdentity(chance(random, 20)
                    ? signingIn.providerName().toUpperCase(Locale.ROOT) : signingIn.providerName(), signingIn.userId());
            pool = new ArrayList<>(List.of(new PoolUser("half-done", "FORCE_CHANGE_PASSWORD", chance(random, 90), email,
                    chance(random, 90), List.of(), creator, chance(random, 10) ? List.of(creator) : List.of(),
                    chance(random, 40), chance(random, 40) ? List.of("admins") : List.of())));
        } else if (email != null && chance(random, 15)) {
            PoolUser owner = user(random, "owner", providers, signingIn, email);
            pool = new ArrayList<>(List.of(new PoolUser("owner", "CONFIRMED", chance(random, 90), email,
                    chance(random, 90), owner.identities(), owner.createdBy(), owner.unlinked(), owner.mfa(),
                    owner.groups())));
        }
        return new Scenario(index, env, pool, event, chance(random, 50), chance(random, 10),
                pick(random, List.of(List.of(), List.of(), List.of("email"), List.of("email", "phone_number"),
                        List.of("phone_number"))),
                chance(random, 90), chance(random, 10), invalid);
    }

    static Map<String, String> validSettings(SplittableRandom random) {
        Map<String, String> env = new HashMap<>();
        List<String> providers = PROVIDERS.subList(0, 1 + random.nextInt(PROVIDERS.size()));
        env.put("MERGE_PROVIDER_NAMES", String.join(",", providers));
        maybe(random, env, "MERGE_REQUIRE_VERIFIED_EMAIL", "true", "false", "TRUE", " False ");
        for (String provider : providers) {
            if (chance(random, 25)) {
                env.put("MERGE_PROVIDER__" + envForm(provider) + "__REQUIRE_VERIFIED_EMAIL", pick(random,
                        List.of("true", "false")));
            }
        }
        maybe(random, env, "MERGE_DRY_RUN", "false", "true");
        maybe(random, env, "MERGE_ON_AMBIGUOUS", "refuse", "continue");
        maybe(random, env, "MERGE_ON_LOOKUP_FAILED", "refuse", "continue");
        String mode = pick(random, List.of("off", "mfa", "mfa-and-groups"));
        if (chance(random, 80)) {
            env.put("MERGE_PROTECTED_ACCOUNTS", mode);
            if (mode.equals("mfa-and-groups")) {
                env.put("MERGE_PROTECTED_GROUPS", "admins,billing");
            }
        }
        maybe(random, env, "MERGE_PROTECTED_ACCOUNT_MESSAGE", CONFIGURED_PROTECTED_MESSAGE);
        maybe(random, env, "MERGE_ON_SECOND_IDENTITY", "refuse", "link");
        maybe(random, env, "MERGE_WHEN_NO_NATIVE_USER", "continue", "create-and-link", "create-and-link");
        maybe(random, env, "MERGE_NATIVE_SIGN_UP_GUARD", "off", "refuse");
        maybe(random, env, "MERGE_NATIVE_SIGN_UP_GUARD_MESSAGE", CONFIGURED_GUARD_MESSAGE);
        if (chance(random, 20)) {
            env.put("MERGE_SUBJECT_ATTRIBUTE", "custom:idp_sub");
        }
        if (chance(random, 10)) {
            env.put("MERGE_CREATE_COPY_ATTRIBUTES", "given_name");
        }
        return env;
    }

    static void maybe(SplittableRandom random, Map<String, String> env, String variable, String... values) {
        if (chance(random, 60)) {
            env.put(variable, pick(random, List.of(values)));
        }
    }

    /** Readable durations that are wrong margins only because they are not below the (default or set) budget. */
    static final Set<String> MARGINS_WRONG_ONLY_BESIDE_THE_BUDGET = new LinkedHashSet<>(List.of("4500ms", "5s"));

    /** Every setting, with what makes a value of it wrong. */
    static final Map<String, Function<SplittableRandom, String>> INVALID = new LinkedHashMap<>();

    static {
        Function<SplittableRandom, String> yesNo = random -> typo(random, pick(random, List.of("true", "false")));
        Function<SplittableRandom, String> duration = random -> pick(random, List.of("5 s", "fast", "4500 ms", "PT",
                "1e3ms", "4,5s", "ms", "-", "\u0664\u0665ms", "1h30", "PT4.5"));
        INVALID.put("MERGE_REQUIRE_VERIFIED_EMAIL", yesNo);
        INVALID.put("MERGE_DRY_RUN", yesNo);
        INVALID.put("MERGE_SNAPSTART_PRIMING", yesNo);
        INVALID.put("MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", yesNo);
        INVALID.put("MERGE_TIME_BUDGET", random -> chance(random, 50) ? duration.apply(random)
                : pick(random, List.of("0ms", "-1s", "5001ms", "6s", "4500", "PT10S")));
        INVALID.put("MERGE_DEADLINE_MARGIN", random -> chance(random, 50) ? duration.apply(random)
                : pick(random, List.of("-1ms", "4500ms", "5s", "-PT1S")));
        Function<SplittableRandom, String> word = random -> typo(random, pick(random, List.of("refuse", "continue",
                "off", "mfa", "link", "create-and-link", "mfa-and-groups")));
        INVALID.put("MERGE_ON_AMBIGUOUS", random -> notOneOf(word.apply(random), "refuse", "continue"));
        INVALID.put("MERGE_ON_LOOKUP_FAILED", random -> notOneOf(word.apply(random), "refuse", "continue"));
        INVALID.put("MERGE_ON_SECOND_IDENTITY", random -> notOneOf(word.apply(random), "refuse", "link"));
        INVALID.put("MERGE_PROTECTED_ACCOUNTS", random -> notOneOf(word.apply(random), "off", "mfa", "mfa-and-groups"));
        INVALID.put("MERGE_WHEN_NO_NATIVE_USER", random -> notOneOf(word.apply(random), "continue", "create-and-link"));
        INVALID.put("MERGE_NATIVE_SIGN_UP_GUARD", random -> notOneOf(word.apply(random), "off", "refuse"));
        INVALID.put("MERGE_PROVIDER_NAMES", random -> pick(random, List.of("Des_cope", "Descope,Okta Staging", "D",
                "Des\tcope", "X".repeat(33))));
        INVALID.put("MERGE_SUBJECT_ATTRIBUTE", random -> "custom: idp sub");
        INVALID.put("MERGE_PROTECTED_GROUPS", random -> pick(random, List.of("Power Users", "g".repeat(129))));
        INVALID.put("MERGE_PROTECTED_ACCOUNT_MESSAGE", random -> pick(random, List.of("x".repeat(201), "two\nlines")));
        INVALID.put("MERGE_NATIVE_SIGN_UP_GUARD_MESSAGE", random -> pick(random, List.of("x".repeat(201), "a\u0007b", " ")));
        INVALID.put("MERGE_CREATE_COPY_ATTRIBUTES", random -> pick(random, List.of("email_verified", "sub",
                "custom:merge_created", "custom:merge_unlinked", "given name")));
        INVALID.put("MERGE_LINK_NOTIFICATION_TOPIC_ARN", random -> pick(random, List.of("account-links",
                "arn:aws:sns:us-east-1:123456789012:links.fifo", "arn:aws:sqs:us-east-1:123456789012:links")));
        INVALID.put("MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE", random -> pick(random, List.of("not a url",
                "ftp://127.0.0.1", "//no-scheme")));
        INVALID.put("MERGE_METRICS_NAMESPACE", random -> "n".repeat(256));
    }

    /** A word with one character dropped, doubled, swapped, upper-cased by another alphabet, or a stray one added. */
    static String typo(SplittableRandom random, String word) {
        String result;
        do {
            int at = random.nextInt(word.length());
            result = switch (random.nextInt(6)) {
                case 0 -> word.substring(0, at) + word.substring(at + 1);
                case 1 -> word.substring(0, at) + word.charAt(at) + word.substring(at);
                case 2 -> at + 1 < word.length()
                        ? word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2)
                        : word + "!";
                case 3 -> word.substring(0, at) + (char) (word.charAt(at) - 'a' + '\uFF41') + word.substring(at + 1);
                case 4 -> pick(random, List.of("yes", "no", "1", "0", "on", "enabled", "t", "y"));
                default -> word + pick(random, List.of("e", "s", ".", "_", "\u200B"));
            };
        } while (result.strip().equalsIgnoreCase(word) || result.isEmpty());
        return result;
    }

    static String notOneOf(String value, String... valid) {
        return Arrays.stream(valid).anyMatch(v -> v.equalsIgnoreCase(value.strip())) ? value + "x" : value;
    }

    static Map<String, String> invalidSettings(SplittableRandom random) {
        Map<String, String> env = new HashMap<>();
        List<String> variables = new ArrayList<>(INVALID.keySet());
        int wrong = 1 + random.nextInt(3);
        for (int k = 0; k < wrong; k++) {
            String variable = pick(random, variables);
            env.put(variable, INVALID.get(variable).apply(random));
        }
        // Groups are wrong only beside a mode that reads them or with bad names; keep the rule's other half apart.
        if (env.containsKey("MERGE_PROTECTED_GROUPS") && chance(random, 50)) {
            env.put("MERGE_PROTECTED_ACCOUNTS", "mfa-and-groups");
        }
        return env;
    }

    static LinkedIdentity identity(SplittableRandom random, List<String> providers) {
        String provider = pick(random, providers);
        return new LinkedIdentity(chance(random, 20) ? provider.toLowerCase(Locale.ROOT) : provider,
                pick(random, SUBJECTS));
    }

    /** Another identity, or (often) the one signing in, its provider sometimes in another case. */
    static LinkedIdentity identity(SplittableRandom random, List<String> providers, LinkedIdentity signingIn) {
        if (chance(random, 50) && !signingIn.providerName().isEmpty()) {
            return new LinkedIdentity(chance(random, 20) ? signingIn.providerName().toUpperCase(Locale.ROOT)
                    : signingIn.providerName(), signingIn.userId());
        }
        return identity(random, providers);
    }

    static PoolUser user(SplittableRandom random, String username, List<String> providers, LinkedIdentity signingIn,
            String eventEmail) {
        String status = pick(random, List.of("CONFIRMED", "CONFIRMED", "CONFIRMED", "UNCONFIRMED",
                "FORCE_CHANGE_PASSWORD", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED", "EXTERNAL_PROVIDER"));
        String email = chance(random, 5) ? null
                : chance(random, 50) && eventEmail != null ? eventEmail : pick(random, EMAILS.subList(0, 7));
        List<LinkedIdentity> identities = new ArrayList<>();
        int linked = chance(random, 70) ? 0 : chance(random, 90) ? 1 : 5;
        for (int k = 0; k < linked; k++) {
            identities.add(identity(random, providers, signingIn));
        }
        if ("EXTERNAL_PROVIDER".equals(status)) {
            username = pick(random, providers) + "_" + pick(random, SUBJECTS) + "-" + username;
        }
        LinkedIdentity createdBy = chance(random, 40) ? identity(random, providers, signingIn) : null;
        List<LinkedIdentity> unlinked = chance(random, 15) ? List.of(identity(random, providers, signingIn)) : List.of();
        List<String> groups = chance(random, 25) ? List.of(pick(random, List.of("admins", "billing", "staff"))) : List.of();
        return new PoolUser(username, status, chance(random, 90), email, chance(random, 80), identities, createdBy,
                unlinked, chance(random, 25), groups);
    }

    static ObjectNode event(SplittableRandom random, List<String> providers, Map<String, String> env) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "1");
        event.put("region", "us-east-1");
        event.put("userPoolId", POOL);
        String trigger = pick(random, List.of("PreSignUp_ExternalProvider", "PreSignUp_ExternalProvider",
                "PreSignUp_ExternalProvider", "PreSignUp_ExternalProvider", "PreSignUp_SignUp",
                "PreSignUp_AdminCreateUser", "preSignUp_externalProvider"));
        event.put("triggerSource", trigger);
        String provider = chance(random, 10) ? "Unknown" : pick(random, providers);
        provider = switch (random.nextInt(5)) {
            case 0 -> provider.toLowerCase(Locale.ROOT);
            case 1 -> provider.toUpperCase(Locale.ROOT);
            default -> provider;
        };
        String subject = pick(random, List.of(SUBJECT, SUBJECT, SUBJECT, "u2kate1", "U2oThEr", "with_underscore"));
        event.put("userName", chance(random, 3) ? "no-separator" : provider + "_" + subject);
        ObjectNode attributes = event.putObject("request").putObject("userAttributes");
        switch (random.nextInt(12)) {
            case 0 -> { }
            case 1 -> attributes.put("email", 42);
            case 2 -> attributes.putObject("email").put("value", ADDRESS);
            case 3 -> attributes.put("email", "");
            default -> attributes.put("email", pick(random, EMAILS));
        }
        switch (random.nextInt(10)) {
            case 0 -> { }
            case 1 -> attributes.put("email_verified", false);
            case 2 -> attributes.put("email_verified", "false");
            case 3 -> attributes.put("email_verified", 1);
            case 4 -> attributes.put("email_verified", pick(random, List.of("TRUE", " true ", "yes", "\u2003true")));
            case 5 -> attributes.putArray("email_verified").add(true);
            case 6 -> attributes.put("email_verified", true);
            default -> attributes.put("email_verified", "true");
        }
        if (env.containsKey("MERGE_SUBJECT_ATTRIBUTE") && chance(random, 85)) {
            attributes.put("custom:idp_sub", chance(random, 80) ? subject : "U2oThEr");
        }
        attributes.put("given_name", "Kate");
        event.putObject("response").put("autoConfirmUser", false);
        return event;
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

    static boolean sameAddress(String a, String b) {
        return a != null && b != null && fold(a).equals(fold(b));
    }

    static boolean names(LinkedIdentity recorded, LinkedIdentity identity) {
        return recorded.providerName().equalsIgnoreCase(identity.providerName())
                && recorded.userId().equals(identity.userId());
    }

    /** Whether the event's IdP asserted email_verified=true: JSON true, or the text "true" in any ASCII case. */
    static boolean asserted(ObjectNode event) {
        JsonNode value = event.path("request").path("userAttributes").path("email_verified");
        return value.isBoolean() && value.booleanValue()
                || value.isTextual() && value.textValue().trim().equalsIgnoreCase("true");
    }

    static String eventEmail(ObjectNode event) {
        JsonNode value = event.path("request").path("userAttributes").path("email");
        return value.isTextual() || value.isNumber() || value.isBoolean() ? value.asText() : null;
    }

    /** The configured spelling of the provider the event's userName names, or null. */
    static String provider(Scenario scenario) {
        String userName = scenario.event().path("userName").asText("");
        int separator = userName.indexOf('_');
        if (separator <= 0) {
            return null;
        }
        String prefix = userName.substring(0, separator);
        return Arrays.stream(scenario.env().getOrDefault("MERGE_PROVIDER_NAMES", "Descope").split(","))
                .filter(name -> name.equalsIgnoreCase(prefix)).findFirst().orElse(null);
    }

    /** The identity the event signs in with: the configured provider and the subject (mapped attribute or userName). */
    static LinkedIdentity eventIdentity(Scenario scenario) {
        String userName = scenario.event().path("userName").asText("");
        String subjectAttribute = scenario.env().get("MERGE_SUBJECT_ATTRIBUTE");
        String subject = subjectAttribute != null
                ? scenario.event().path("request").path("userAttributes").path(subjectAttribute).asText("")
                : userName.substring(userName.indexOf('_') + 1);
        return new LinkedIdentity(Objects.requireNonNullElse(provider(scenario), "?"), subject);
    }

    /** True when the operator turned the provider's verification off, explicitly (its own flag, else the global). */
    static boolean verificationOff(Scenario scenario, String provider) {
        String own = provider == null ? null
                : scenario.env().get("MERGE_PROVIDER__" + envForm(provider) + "__REQUIRE_VERIFIED_EMAIL");
        String flag = own != null ? own : scenario.env().get("MERGE_REQUIRE_VERIFIED_EMAIL");
        return flag != null && flag.strip().equalsIgnoreCase("false");
    }

    static boolean protectedUnder(Scenario scenario, PoolUser user) {
        String mode = scenario.env().getOrDefault("MERGE_PROTECTED_ACCOUNTS", "mfa");
        Set<String> groups = Set.of(scenario.env().getOrDefault("MERGE_PROTECTED_GROUPS", "").split(","));
        return switch (mode) {
            case "off" -> false;
            case "mfa" -> user.mfa();
            default -> user.mfa() || user.groups().stream().anyMatch(groups::contains);
        };
    }

    /** The sentences a refusal may show under these settings. */
    static Set<String> allowedMessages(Scenario scenario) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Reason reason : Reason.values()) {
            if (reason != Reason.PROTECTED_ACCOUNT && reason != Reason.FEDERATED_ACCOUNT_EXISTS) {
                allowed.add(reason.userMessage());
            }
        }
        allowed.add(scenario.env().getOrDefault("MERGE_PROTECTED_ACCOUNT_MESSAGE",
                Reason.PROTECTED_ACCOUNT.userMessage()));
        allowed.add(scenario.env().getOrDefault("MERGE_NATIVE_SIGN_UP_GUARD_MESSAGE",
                Reason.FEDERATED_ACCOUNT_EXISTS.userMessage()));
        return allowed;
    }

    /**
     * Which users ListUsers returns for the event's email, as UserDirectory searches (the exact value, then its A-Z
     * lower case): a case-sensitive pool finds each spelling only by itself, a case-insensitive one by Unicode case
     * (which folds the Kelvin sign into k: the decision must not). A hostile Cognito may return everyone.
     */
    static List<PoolUser> visible(Scenario scenario, String email) {
        if (scenario.searchReturnsEveryone()) {
            return scenario.pool();
        }
        return scenario.pool().stream().filter(user -> user.email() != null && (scenario.caseInsensitiveSearch()
                ? user.email().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))
                : user.email().equals(email) || user.email().equals(fold(email)))).toList();
    }

    // ------------------------------------------------------------------------------------------------ the checks

    /** The invariants one scenario broke through the decision, and the decision's first run (none for bad settings). */
    record Checked(List<String> found, Run first) {

        /** The decision refused the link because the destination's {@code custom:merge_unlinked} lists the identity. */
        boolean decidedByTheUnlinkRecord() {
            return first != null && first.verdict() != null
                    && first.verdict().reason() == Reason.UNLINKED_BY_OPERATOR;
        }
    }

    List<String> check(Scenario scenario, Map<Map<String, String>, MergeSettings> cache) {
        return checkDecision(scenario, cache).found();
    }

    Checked checkDecision(Scenario scenario, Map<Map<String, String>, MergeSettings> cache) {
        if (scenario.invalidConfig()) {
            return new Checked(checkInvalidConfig(scenario), null);
        }
        MergeSettings settings = cache.computeIfAbsent(scenario.env(),
                env -> new MergeSettings(EnvironmentConfig.of(env)));
        Run first = decide(scenario, settings);
        List<String> found = new ArrayList<>(invariants(scenario, settings, first));
        // A create that collided wrote nothing (another invocation's user holds the name): its retry creates again.
        boolean wrote = first.actions().stream().anyMatch(a -> !a.kind().equals("create") || !scenario.createCollides());
        if (found.isEmpty() && wrote) {
            // 5: the same event again (Cognito retries a slow trigger), on the pool the first run left
            Run again = decide(scenario.with(scenario.env(), after(scenario, first), scenario.event()), settings);
            if (!again.actions().isEmpty()) {
                found.add("5: a re-delivered event wrote again: " + again.actions());
            }
        }
        return new Checked(found, first);
    }

    /** Whether init accepts these settings. */
    static boolean starts(Map<String, String> env) {
        try {
            new MergeSettings(EnvironmentConfig.of(env));
            return true;
        } catch (InvalidConfigurationException e) {
            return false;
        }
    }

    /** 8: every invalid value stops init, with one sentence naming each wrong variable and no SmallRye code. */
    static List<String> checkInvalidConfig(Scenario scenario) {
        try {
            new MergeSettings(EnvironmentConfig.of(scenario.env()));
            return List.of("8: init accepted invalid settings " + scenario.env());
        } catch (InvalidConfigurationException e) {
            List<String> found = new ArrayList<>();
            for (String variable : scenario.env().keySet()) {
                // Wrong only beside another setting: mfa-and-groups without groups; a margin that is a duration but
                // not below the budget, when the budget itself cannot be read (no budget to compare it with).
                boolean wrongAlone = !(variable.equals("MERGE_PROTECTED_ACCOUNTS") && scenario.env().get(variable)
                        .equals("mfa-and-groups"))
                        && !(variable.equals("MERGE_DEADLINE_MARGIN")
                                && MARGINS_WRONG_ONLY_BESIDE_THE_BUDGET.contains(scenario.env().get(variable))
                                && scenario.env().containsKey("MERGE_TIME_BUDGET")
                                && !starts(Map.of("MERGE_TIME_BUDGET", scenario.env().get("MERGE_TIME_BUDGET"))));
                if (wrongAlone && !e.getMessage().contains(variable)) {
                    found.add("8: the init error does not name " + variable + ": " + e.getMessage());
                }
            }
            if (e.getMessage().contains("SRCFG") || e.getMessage().contains("merge.")) {
                found.add("8: the init error speaks SmallRye: " + e.getMessage());
            }
            return found;
        } catch (RuntimeException e) {
            return List.of("8: init failed with " + e + " instead of our sentence");
        }
    }

    /** The handler's walk over the decision, with Cognito's answers taken from the scenario's pool. */
    static Run decide(Scenario scenario, MergeSettings settings) {
        LinkRules rules = settings.rules();
        List<Action> actions = new ArrayList<>();
        List<Candidate> searched = List.of();
        try {
            SignUpAttempt attempt = PreSignUpEvents.attempt(scenario.event());
            Step step = rules.triage(attempt);
            if (step instanceof CheckNativeSignUp check) {
                step = rules.guard(check, visible(scenario, check.email()).stream().map(PoolUser::candidate).toList());
            }
            if (step instanceof Search search) {
                searched = visible(scenario, search.email()).stream().map(PoolUser::candidate).toList();
                step = rules.choose(search, searched);
            }
            if (step instanceof CreateAndLink create) {
                Set<String> custom = scenario.markerInSchema() ? Set.of(PoolShape.CREATED_MARKER) : Set.of();
                step = rules.beforeCreate(create, new PoolShape(scenario.usernameAttributes(), custom));
            }
            for (int tries = 0; tries < 2 && step instanceof CreateAndLink create; tries++) {
                actions.add(new Action("create", create.username(),
                        new LinkedIdentity(create.identity().providerName(), create.identity().subject()),
                        rules.createAttributes(attempt, create), true));
                step = rules.afterCreate(create, scenario.createCollides() ? CreateResult.usernameTaken()
                        : CreateResult.created("created-by-this-run"));
            }
            if (step instanceof Inspect inspect) {
                PoolUser owner = user(scenario, inspect.ownerUsername());
                step = rules.afterInspect(inspect, new OwnerProtection(owner.mfa(),
                        inspect.groups() ? owner.groups() : List.of()));
            }
            if (step instanceof Complete complete) {
                LinkedIdentity identity = new LinkedIdentity(complete.identity().providerName(),
                        complete.identity().subject());
                actions.add(new Action("complete", complete.destinationUsername(), identity, Map.of(), complete.created()));
                step = rules.afterCompletedLink(complete, LinkResult.LINKED);
            }
            if (step instanceof Link link) {
                LinkedIdentity identity = new LinkedIdentity(link.identity().providerName(), link.identity().subject());
                PoolUser destination = user(scenario, link.destinationUsername());
                actions.add(new Action("link", link.destinationUsername(), identity, Map.of(), false));
                step = rules.afterLink(link, destination.identities().size() >= 5 ? LinkResult.LIMIT_EXCEEDED
                        : LinkResult.LINKED);
            }
            Verdict verdict = (Verdict) step;
            return new Run(verdict, verdict.refuses() ? settings.userMessage(verdict) : null, actions, searched, null);
        } catch (RuntimeException e) {
            return new Run(null, null, actions, searched, e);
        }
    }

    static PoolUser user(Scenario scenario, String username) {
        return scenario.pool().stream().filter(user -> user.username().equals(username)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the decision named a user the pool does not have: "
                        + username));
    }

    /** The pool after a run's writes, as Cognito would hold it. */
    static List<PoolUser> after(Scenario scenario, Run run) {
        List<PoolUser> pool = new ArrayList<>(scenario.pool());
        for (Action action : run.actions()) {
            if (action.kind().equals("create")) {
                if (scenario.createCollides()) {
                    continue;
                }
                pool.add(new PoolUser("created-by-this-run", "FORCE_CHANGE_PASSWORD", true,
                        action.attributes().get("email"), "true".equals(action.attributes().get("email_verified")),
                        List.of(), action.identity(), List.of(), false, List.of()));
            } else {
                for (int i = 0; i < pool.size(); i++) {
                    if (pool.get(i).username().equals(action.destination())) {
                        pool.set(i, pool.get(i).linked(action.identity()));
                    }
                }
            }
        }
        return pool;
    }

    /** Every invariant over one run of the decision (or of the whole function, with the same shape of record). */
    static List<String> invariants(Scenario scenario, MergeSettings settings, Run run) {
        List<String> found = new ArrayList<>();
        if (run.crash() != null) {
            found.add("total: the decision threw " + run.crash());
            return found;
        }
        String provider = provider(scenario);
        boolean asserted = asserted(scenario.event());
        boolean off = verificationOff(scenario, provider);
        String email = eventEmail(scenario.event());
        List<Action> writes = run.actions();
        List<Action> creates = writes.stream().filter(a -> a.kind().equals("create")).toList();
        List<Action> links = writes.stream().filter(a -> !a.kind().equals("create")).toList();

        // 1
        if (!creates.isEmpty() || links.stream().anyMatch(a -> a.kind().equals("complete"))) {
            if (!asserted || off) {
                found.add("1: created or completed a user though the event did not assert email_verified=true"
                        + " or the provider's verification is off");
            }
        }
        if (!links.isEmpty() && !asserted && !off) {
            found.add("1: linked though the event did not assert email_verified=true");
        }
        // 2, 3, 5 for every link and completion of an existing user
        for (Action link : links) {
            if (link.createdHere()) {
                continue;
            }
            PoolUser destination = scenario.pool().stream().filter(u -> u.username().equals(link.destination()))
                    .findFirst().orElse(null);
            if (destination == null) {
                found.add("2: linked to a user the search never returned: " + link.destination());
                continue;
            }
            boolean owner = "CONFIRMED".equals(destination.status()) && destination.enabled()
                    && destination.emailVerified() && sameAddress(destination.email(), email);
            boolean ours = link.kind().equals("complete") && "FORCE_CHANGE_PASSWORD".equals(destination.status())
                    && destination.enabled() && sameAddress(destination.email(), email)
                    && destination.createdBy() != null && names(destination.createdBy(), link.identity());
            if (!(link.kind().equals("link") ? owner : ours)) {
                found.add("2: " + link.kind() + " to " + destination.username() + ", which is not "
                        + (link.kind().equals("link") ? "a confirmed, enabled, verified owner of the address"
                                : "a half-done user this identity created"));
            }
            if (protectedUnder(scenario, destination)) {
                found.add("3: " + link.kind() + " to the protected owner " + destination.username());
            }
            if (destination.identities().stream().anyMatch(held -> names(held, link.identity()))) {
                found.add("5: linked again an identity " + destination.username() + " already holds");
            }
            boolean secondOfProvider = destination.identities().stream().anyMatch(held ->
                    held.providerName().equalsIgnoreCase(link.identity().providerName())
                            && !held.userId().equals(link.identity().userId()));
            if (secondOfProvider && !"link".equalsIgnoreCase(
                    scenario.env().getOrDefault("MERGE_ON_SECOND_IDENTITY", "refuse").strip())) {
                found.add("5: a second identity of " + link.identity().providerName() + " on " + destination.username());
            }
            if (destination.unlinked().stream().anyMatch(record -> names(record, link.identity()))) {
                found.add("5: linked back an identity the operator unlinked from " + destination.username());
            }
        }
        if (links.size() > 1) {
            found.add("5: more than one link in one event: " + links);
        }
        // 4
        long owners = run.searched().stream().filter(c -> !c.isFederated() && "CONFIRMED".equals(c.status())
                && c.emailVerified() && sameAddress(c.email(), email)).count();
        if (owners > 1 && !links.isEmpty()) {
            found.add("4: linked although " + owners + " native users own the address");
        }
        // 6
        if (run.verdict() != null && run.verdict().refuses()) {
            if (!allowedMessages(scenario).contains(run.message())) {
                found.add("6: a refusal showed '" + run.message() + "'");
            } else if (email != null && !email.isBlank() && run.message().contains(email.strip())) {
                found.add("6: a refusal showed the email");
            }
        }
        // 7
        for (Action create : creates) {
            if (run.searched().stream().anyMatch(c -> sameAddress(c.email(), email))) {
                found.add("7: created a user although someone the search returned holds the address");
            }
            if (!asserted && "true".equals(create.attributes().get("email_verified"))) {
                found.add("7: the created user's email_verified=true does not come from the IdP");
            }
            String marker = create.attributes().get(PoolShape.CREATED_MARKER);
            if (marker == null || !marker.contains("\"userId\":")) {
                found.add("7: the created user carries no custom:merge_created");
            }
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ shrinking

    /** Greedy: drop users, settings and event attributes one at a time while the scenario still fails. */
    static Scenario shrink(Scenario failing, java.util.function.Predicate<Scenario> failsAsIs) {
        // A smaller scenario whose settings no longer start (groups without their mode) is not a smaller failure.
        java.util.function.Predicate<Scenario> fails = scenario -> {
            if (scenario.invalidConfig() && starts(scenario.env())) {
                // settings that start are no longer the invalid configuration being shrunk
                return false;
            }
            try {
                return failsAsIs.test(scenario);
            } catch (InvalidConfigurationException e) {
                return false;
            }
        };
        Scenario current = failing;
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (int u = 0; u < current.pool().size() && !smaller; u++) {
                List<PoolUser> pool = new ArrayList<>(current.pool());
                pool.remove(u);
                Scenario candidate = current.with(current.env(), pool, current.event());
                if (fails.test(candidate)) {
                    current = candidate;
                    smaller = true;
                }
            }
            for (String variable : List.copyOf(current.env().keySet())) {
                if (smaller || variable.equals("MERGE_PROVIDER_NAMES")) {
                    continue;
                }
                Map<String, String> env = new HashMap<>(current.env());
                env.remove(variable);
                Scenario candidate = current.with(env, current.pool(), current.event());
                if (fails.test(candidate)) {
                    current = candidate;
                    smaller = true;
                }
            }
            ObjectNode attributes = (ObjectNode) current.event().path("request").path("userAttributes");
            for (String name : iterable(attributes)) {
                if (smaller) {
                    break;
                }
                ObjectNode event = current.event().deepCopy();
                ((ObjectNode) event.path("request").path("userAttributes")).remove(name);
                Scenario candidate = current.with(current.env(), current.pool(), event);
                if (fails.test(candidate)) {
                    current = candidate;
                    smaller = true;
                }
            }
        }
        return current;
    }

    static List<String> iterable(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String identitiesJson(List<LinkedIdentity> identities) {
        ArrayNode array = JSON.createArrayNode();
        identities.forEach(identity -> array.add(identityJson(identity)));
        return array.toString();
    }

    static ObjectNode identityJson(LinkedIdentity identity) {
        return JSON.createObjectNode().put("providerName", identity.providerName()).put("userId", identity.userId());
    }

    // ------------------------------------------------------------------------------------------------ end to end

    /**
     * The real handler, SDK client and UserDirectory against the stand-in, for what the decision alone cannot tell:
     * what the searches return, how "already linked" is recognised, what AdminCreateUser is sent, and what a
     * re-delivered event does to the pool the first one left.
     */
    static final class EndToEnd implements AutoCloseable {

        private final CognitoStandIn standIn;
        private final Map<Map<String, String>, DirectFunction> functions = new HashMap<>();

        EndToEnd() throws IOException {
            standIn = CognitoStandIn.start(POOL);
        }

        List<String> check(Scenario scenario, Map<Map<String, String>, MergeSettings> cache) {
            DirectFunction function = functions.computeIfAbsent(scenario.env(),
                    env -> new DirectFunction(standIn.endpoint(), EnvironmentConfig.of(env)));
            function.forgetPoolShapes();
            standIn.reset();
            standIn.caseInsensitiveSearch(scenario.caseInsensitiveSearch());
            standIn.usernameAttributes(scenario.usernameAttributes().toArray(String[]::new));
            standIn.customAttributes(scenario.markerInSchema()
                    ? new String[] {PoolShape.CREATED_MARKER, PoolShape.UNLINKED_RECORD}
                    : new String[] {PoolShape.UNLINKED_RECORD});
            scenario.pool().forEach(user -> standIn.addUser(user.standIn()));
            standIn.onAdminCreateUser(nested -> {
                if (function.invoke(nested.toString().getBytes(StandardCharsets.UTF_8)).output() == null) {
                    throw new IllegalStateException("the nested PreSignUp_AdminCreateUser invocation refused");
                }
            });
            Map<String, List<Map<String, String>>> before = identities();
            byte[] event = scenario.event().toString().getBytes(StandardCharsets.UTF_8);
            DirectFunction.Answer answer = function.invoke(event);
            List<String> found = new ArrayList<>();
            if (answer.unexpected() != null) {
                found.add("total: the handler threw " + answer.unexpected());
                return found;
            }
            // The stand-in searches as ListUsers does; a hostile "everyone" answer is the decision-level check's.
            Scenario asSearched = new Scenario(scenario.index(), scenario.env(), scenario.pool(), scenario.event(),
                    scenario.caseInsensitiveSearch(), false, scenario.usernameAttributes(), scenario.markerInSchema(),
                    false, false);
            Run run = observed(asSearched, answer, before);
            found.addAll(SecurityInvariantsTest.invariants(asSearched, cache.get(scenario.env()) != null
                    ? cache.get(scenario.env()) : function.settings, run));
            for (RecordedCall create : standIn.calls("AdminCreateUser")) {
                if (!"SUPPRESS".equals(create.request().path("MessageAction").asText())) {
                    found.add("7: AdminCreateUser without MessageAction=SUPPRESS");
                }
            }
            // 5: the same event again, on the pool as the first delivery left it
            // (A create the stand-in refused, as Cognito refuses an address it cannot store, made no user: trying it
            // again on re-delivery is not a second user. Counted by the users that exist, not by the calls.)
            int usersBefore = standIn.users().size();
            Map<String, List<Map<String, String>>> between = identities();
            function.invoke(event);
            if (standIn.users().size() > usersBefore) {
                found.add("5: a re-delivered event created a second user");
            }
            if (!between.equals(identities()) && run.actions().stream().anyMatch(a -> !a.kind().equals("create"))) {
                found.add("5: a re-delivered event linked again: " + between + " -> " + identities());
            }
            return found;
        }

        /** What the run did, read from the stand-in: new identities, creates and passwords, the refusal's text. */
        private Run observed(Scenario scenario, DirectFunction.Answer answer,
                Map<String, List<Map<String, String>>> before) {
            List<Action> actions = new ArrayList<>();
            Set<String> created = new LinkedHashSet<>();
            for (RecordedCall create : standIn.calls("AdminCreateUser")) {
                Map<String, String> attributes = new LinkedHashMap<>();
                create.request().path("UserAttributes").forEach(attribute -> attributes.put(
                        attribute.path("Name").asText(), attribute.path("Value").asText()));
                actions.add(new Action("create", create.request().path("Username").asText(), null, attributes, true));
            }
            standIn.users().stream().filter(user -> !before.containsKey(user.username()))
                    .forEach(user -> created.add(user.username()));
            Set<String> passwords = standIn.calls("AdminSetUserPassword").stream()
                    .map(call -> call.request().path("Username").asText()).collect(Collectors.toSet());
            for (Map.Entry<String, List<Map<String, String>>> now : identities().entrySet()) {
                List<Map<String, String>> added = new ArrayList<>(now.getValue());
                added.removeAll(before.getOrDefault(now.getKey(), List.of()));
                for (Map<String, String> identity : added) {
                    String kind = passwords.contains(now.getKey()) ? "complete" : "link";
                    actions.add(new Action(kind, now.getKey(), new LinkedIdentity(identity.get("providerName"),
                            identity.get("userId")), Map.of(), created.contains(now.getKey())));
                }
            }
            for (String username : passwords) {
                boolean linkedNow = actions.stream().anyMatch(a -> !a.kind().equals("create")
                        && a.destination().equals(username));
                if (!linkedNow && !created.contains(username)) {
                    actions.add(new Action("complete", username, eventIdentity(scenario), Map.of(), false));
                }
            }
            List<Candidate> searched = visible(scenario, Objects.requireNonNullElse(eventEmail(scenario.event()), ""))
                    .stream().map(PoolUser::candidate).toList();
            Verdict verdict = answer.refusal() != null ? Verdict.of(dev.cognitomerge.decision.Outcome.REFUSED,
                    Reason.INTERNAL_ERROR) : Verdict.of(dev.cognitomerge.decision.Outcome.CONTINUED, Reason.LINKED);
            return new Run(verdict, answer.refusal() != null ? answer.refusal().getMessage() : null, actions,
                    searched, null);
        }

        private Map<String, List<Map<String, String>>> identities() {
            Map<String, List<Map<String, String>>> all = new TreeMap<>();
            standIn.users().forEach(user -> all.put(user.username(), standIn.identities(user.username())));
            return all;
        }

        @Override
        public void close() {
            functions.values().forEach(DirectFunction::close);
            standIn.close();
        }
    }
}
