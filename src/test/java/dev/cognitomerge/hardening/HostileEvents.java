package dev.cognitomerge.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generators for what an identity provider, a misconfigured pool or a broken caller can put in a Pre sign-up
 * event: fields missing, null, of the wrong JSON type, 1 MB long, laden with quotes and backslashes, or
 * Unicode that looks like (or case-folds into) someone else's email. Events start from the sample "link"
 * event and get a few mutations, so a share of them still qualifies for a link and the linking path is
 * exercised too.
 */
final class HostileEvents {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    /** 1 MB: far past every length Cognito accepts, well below Lambda's 6 MB synchronous payload. */
    static final int HUGE = 1 << 20;
    static final String HUGE_TEXT = "x".repeat(HUGE);
    static final String HUGE_EMAIL = "a".repeat(HUGE) + "@example.com";
    static final String HUGE_QUOTES = "\"\\".repeat(HUGE / 2);

    /** Latin letters and the Cyrillic or Greek letters that look the same. */
    static final Map<Character, Character> CONFUSABLES = Map.of(
            'a', '\u0430', 'e', '\u0435', 'o', '\u043E', 'p', '\u0440', 'c', '\u0441',
            'x', '\u0445', 'y', '\u0443', 'i', '\u0456', 'j', '\u0458', 's', '\u0455');

    /** Characters whose Unicode lower case is ASCII or which Unicode case-folds across scripts. */
    static final List<String> CASE_FOLD_TRAPS = List.of(
            "\u212A", // KELVIN SIGN: toLowerCase gives 'k'
            "\u0130", // LATIN CAPITAL I WITH DOT ABOVE: toLowerCase gives "i\u0307"
            "\u212B", // ANGSTROM SIGN: toLowerCase gives '\u00E5'
            "\u017F", // LATIN SMALL LONG S: toUpperCase gives 'S'
            "\u0131"); // LATIN SMALL DOTLESS I: toUpperCase gives 'I'

    private HostileEvents() {
    }

    /** Short text that breaks naive parsers and filters: quotes, backslashes, filter syntax, controls, Unicode. */
    static Arbitrary<String> hostileText() {
        Arbitrary<String> fragments = Arbitraries.of("\"", "\\", "\\\"", "\"\\", " or ", "^=", "=", " ", "\n", "\u0000",
                "\t", "@", "_", "'", "*", "%", "\u00E9", "e\u0301", "\u0430", "\uFF41", "\uD83D\uDE00", "\uD800",
                "\uDC00", "\u202E", "\u200B", "\uFEFF", "email", "username", "jane", "example.com")
                .injectDuplicates(0.1);
        Arbitrary<String> joined = fragments.list().ofMaxSize(12).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(joined, Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().ascii().ofMaxLength(40), Arbitraries.of(CASE_FOLD_TRAPS));
    }

    /** The emails of the test pool, exactly and as confusable, case-changed or differently normalised copies. */
    static Arbitrary<String> emails() {
        Arbitrary<String> pool = Arbitraries.of(Pool.EMAILS);
        Arbitrary<String> variants = Combinators.combine(pool, Arbitraries.of(EmailVariant.class),
                Arbitraries.integers().between(0, 63)).as((email, variant, seed) -> variant.apply(email, seed));
        Arbitrary<String> hostile = Combinators.combine(hostileText(), Arbitraries.of("example.com", "EXAMPLE.COM",
                "exa\"mple.com", "")).as((local, domain) -> local + "@" + domain);
        return Arbitraries.frequencyOf(
                weight(4, pool), weight(6, variants), weight(3, hostile), weight(1, hostileText()),
                weight(1, Arbitraries.of(HUGE_EMAIL, HUGE_QUOTES + "@example.com", "jane@example.com" + HUGE_TEXT)));
    }

    static <T> Tuple2<Integer, Arbitrary<? extends T>> weight(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    static Arbitrary<UnaryOperator<JsonNode>> always(UnaryOperator<JsonNode> value) {
        return Arbitraries.just(value);
    }

    /** How an email is changed into one that may or may not be the same address. */
    enum EmailVariant {
        SAME {
            @Override
            String apply(String email, int seed) {
                return email;
            }
        },
        ASCII_CASE {
            @Override
            String apply(String email, int seed) {
                StringBuilder changed = new StringBuilder(email);
                for (int i = 0; i < changed.length(); i++) {
                    char c = changed.charAt(i);
                    if (c >= 'a' && c <= 'z' && ((seed >> (i % 6)) & 1) == 1) {
                        changed.setCharAt(i, (char) (c - 32));
                    }
                }
                return changed.toString();
            }
        },
        ALL_UPPER_UNICODE {
            @Override
            String apply(String email, int seed) {
                return email.toUpperCase(java.util.Locale.ROOT);
            }
        },
        NFD {
            @Override
            String apply(String email, int seed) {
                return Normalizer.normalize(email, Normalizer.Form.NFD);
            }
        },
        NFKC_LOOKALIKE {
            @Override
            String apply(String email, int seed) {
                // Full-width letters: NFKC folds them to ASCII, plain comparison does not.
                StringBuilder changed = new StringBuilder();
                email.chars().forEach(c -> changed.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + '\uFF41') : (char) c));
                return changed.toString();
            }
        },
        CONFUSABLE {
            @Override
            String apply(String email, int seed) {
                StringBuilder changed = new StringBuilder(email);
                for (int i = 0; i < changed.length(); i++) {
                    Character lookalike = CONFUSABLES.get(changed.charAt(i));
                    if (lookalike != null) {
                        changed.setCharAt(i, lookalike);
                        return changed.toString();
                    }
                }
                return email;
            }
        },
        CASE_FOLD_TRAP {
            @Override
            String apply(String email, int seed) {
                // k -> KELVIN SIGN, i -> CAPITAL I WITH DOT ABOVE, s -> LONG S: equal under Unicode case rules only
                return email.replace("k", "\u212A").replace("i", "\u0130").replace("s", "\u017F");
            }
        },
        ZERO_WIDTH {
            @Override
            String apply(String email, int seed) {
                int at = Math.max(1, email.indexOf('@'));
                return email.substring(0, at) + "\u200B" + email.substring(at);
            }
        },
        SURROUNDING_SPACE {
            @Override
            String apply(String email, int seed) {
                return " " + email + " ";
            }
        };

        abstract String apply(String email, int seed);
    }

    /** What a mutation puts at a field. */
    static Arbitrary<UnaryOperator<JsonNode>> hostileValue(Arbitrary<String> texts) {
        Arbitrary<UnaryOperator<JsonNode>> numbers = Arbitraries.integers().map(n -> old -> NODES.numberNode(n));
        Arbitrary<UnaryOperator<JsonNode>> booleans = Arbitraries.of(true, false).map(b -> old -> NODES.booleanNode(b));
        Arbitrary<UnaryOperator<JsonNode>> huge = Arbitraries.of(HUGE_TEXT, HUGE_QUOTES)
                .map(text -> old -> NODES.textNode(text));
        Arbitrary<UnaryOperator<JsonNode>> text = texts.map(value -> old -> NODES.textNode(value));
        return Arbitraries.frequencyOf(
                weight(2, always(old -> null)), // the field is missing
                weight(2, always(old -> NODES.nullNode())),
                weight(1, numbers),
                weight(1, booleans),
                weight(1, always(old -> NODES.arrayNode().add("jane@example.com"))),
                weight(1, always(old -> NODES.objectNode().put("value", "jane@example.com"))),
                weight(1, huge),
                weight(6, text));
    }

    /** A mutation of one field of the event. */
    record Mutation(String field, UnaryOperator<JsonNode> value) {

        void applyTo(ObjectNode event) {
            ObjectNode parent = event;
            String name = field;
            if (field.startsWith("attr:")) {
                JsonNode request = event.get("request");
                JsonNode attributes = request == null ? null : request.get("userAttributes");
                if (!(attributes instanceof ObjectNode object)) {
                    return;
                }
                parent = object;
                name = field.substring("attr:".length());
            } else if (field.equals("request.userAttributes")) {
                if (!(event.get("request") instanceof ObjectNode request)) {
                    return;
                }
                parent = request;
                name = "userAttributes";
            }
            JsonNode replaced = value.apply(parent.get(name));
            if (replaced == null) {
                parent.remove(name);
            } else {
                parent.set(name, replaced);
            }
        }

        @Override
        public String toString() {
            JsonNode shown = value.apply(null);
            String text = shown == null ? "(missing)" : shown.toString();
            return field + " := " + (text.length() > 80 ? text.substring(0, 80) + "...(" + text.length() + " chars)" : text);
        }
    }

    static Arbitrary<Mutation> mutations() {
        Arbitrary<String> userNames = Arbitraries.frequencyOf(
                weight(3, Arbitraries.of("Descope_", "descope_", "DESCOPE_", "D\u0435scope_", "Google_",
                                "Descope", "_Descope_", "Descope__")
                        .flatMap(prefix -> Arbitraries.of(Hardening.JANE_SUBJECT, "U2_with_underscores", "",
                                "s".repeat(107), "s".repeat(106), "\"\\", "\uD800").map(subject -> prefix + subject))),
                weight(1, hostileText()));
        Arbitrary<String> triggerSources = Arbitraries.of("PreSignUp_ExternalProvider", "PreSignUp_SignUp",
                "PreSignUp_AdminCreateUser", "presignup_externalprovider", "PreSignUp_ExternalProvider ", "");
        Arbitrary<String> verified = Arbitraries.of("true", "TRUE", " true ", "false", "1", "yes", "tru\u0435", "");
        Arbitrary<String> attributeNames = Arbitraries.of("name", "custom:idp_sub", "identities", "sub", "\"", "",
                "email ", "EMAIL");
        return Arbitraries.frequencyOf(
                weight(6, hostileValue(emails()).map(v -> new Mutation("attr:email", v))),
                weight(2, hostileValue(verified).map(v -> new Mutation("attr:email_verified", v))),
                weight(1, always(old -> NODES.booleanNode(true)).map(v -> new Mutation("attr:email_verified", v))),
                weight(3, hostileValue(userNames).map(v -> new Mutation("userName", v))),
                weight(2, hostileValue(triggerSources).map(v -> new Mutation("triggerSource", v))),
                weight(1, hostileValue(Arbitraries.of(Pool.ID, "", "us-east-1_Other", "\"")).map(v ->
                        new Mutation("userPoolId", v))),
                weight(1, hostileValue(hostileText()).map(v -> new Mutation("request", v))),
                weight(1, hostileValue(hostileText()).map(v -> new Mutation("request.userAttributes", v))),
                weight(1, Combinators.combine(attributeNames, hostileValue(hostileText()))
                        .as((name, v) -> new Mutation("attr:" + name, v))),
                weight(1, hostileValue(hostileText()).map(v -> new Mutation("response", v))),
                weight(1, hostileValue(hostileText()).map(v -> new Mutation("callerContext", v))));
    }

    /** The sample "link" event with 0 to 4 mutations. */
    static Arbitrary<ObjectNode> events() {
        return mutations().list().ofMaxSize(4).map(list -> {
            ObjectNode event = Events.tree("link");
            list.forEach(mutation -> mutation.applyTo(event));
            return event;
        });
    }

    /** The users the properties run against. Emails are stored lower-case, as most sign-up forms leave them. */
    static final class Pool {
        static final String ID = "us-east-1_DevPool01";
        static final List<PoolUser> USERS = List.of(
                new PoolUser(Hardening.JANE, "CONFIRMED", true, "jane@example.com", true),
                new PoolUser("kate-0001", "CONFIRMED", true, "kate@example.com", true),
                new PoolUser("jose-0001", "CONFIRMED", true, "jos\u00E9@example.com", true),
                new PoolUser("sam-0001", "UNCONFIRMED", true, "sam@example.com", false),
                new PoolUser("alex-0001", "CONFIRMED", true, "alex@example.com", true),
                new PoolUser("alex-0002", "CONFIRMED", true, "alex@example.com", true),
                new PoolUser("dana-0001", "CONFIRMED", false, "dana@example.com", true),
                new PoolUser("simon-0001", "CONFIRMED", true, "simon@example.com", false),
                new PoolUser("Google_109876543210987654321", "EXTERNAL_PROVIDER", true, "fed@example.com", true));
        static final List<String> EMAILS = List.of("jane@example.com", "kate@example.com", "jos\u00E9@example.com",
                "sam@example.com", "alex@example.com", "dana@example.com", "simon@example.com", "fed@example.com",
                "nobody@example.com");

        private Pool() {
        }

        static void seed(CognitoStandIn standIn) {
            standIn.reset();
            for (PoolUser user : USERS) {
                standIn.addUser(new StandInUser(user.username(), user.status(), user.enabled(),
                        Map.of("email", user.email(), "email_verified", Boolean.toString(user.emailVerified()))));
            }
        }
    }

    record PoolUser(String username, String status, boolean enabled, String email, boolean emailVerified) {
    }
}
