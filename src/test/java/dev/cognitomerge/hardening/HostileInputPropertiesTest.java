package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.cognito.ListUsersFilter;
import dev.cognitomerge.decision.Candidate;
import dev.cognitomerge.decision.FailureAction;
import dev.cognitomerge.decision.FederatedIdentity;
import dev.cognitomerge.decision.LinkPolicy;
import dev.cognitomerge.decision.LinkRules;
import dev.cognitomerge.decision.LinkedIdentity;
import dev.cognitomerge.decision.Outcome;
import dev.cognitomerge.decision.OwnerProtection;
import dev.cognitomerge.decision.SignUpAttempt;
import dev.cognitomerge.decision.Step;
import dev.cognitomerge.decision.Step.Inspect;
import dev.cognitomerge.decision.Step.Link;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.decision.Step.Verdict;
import dev.cognitomerge.event.InvalidEventException;
import dev.cognitomerge.event.PreSignUpEvents;
import dev.cognitomerge.standin.StandInFilterGrammar;
import dev.cognitomerge.standin.StandInFilterGrammar.Meaning;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile input against the pure parts, many tries each: the event reader, the filter builder and the
 * decision. Each property states the rule independently of the code (the README's decision table), so a
 * change to the rules that links more than it says fails here.
 */
class HostileInputPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LinkPolicy POLICY = new LinkPolicy(List.of("Descope"), Optional.empty(), true, false,
            FailureAction.REFUSE, FailureAction.REFUSE);
    static final LinkRules RULES = new LinkRules(POLICY);
    static final FederatedIdentity IDENTITY = new FederatedIdentity("Descope", Hardening.JANE_SUBJECT);

    // ------------------------------------------------------------------ the ListUsers filter

    @Property(tries = 1000)
    void everyEmailBecomesAFilterThatMeansExactlyThatEmailOrNone(@ForAll("anyEmail") String email) {
        Optional<String> filter = ListUsersFilter.emailEquals(email);

        long escaped = email.length() + email.chars().filter(c -> c == '"' || c == '\\').count();
        assertThat(filter.isPresent()).as("fits in Cognito's 256 characters").isEqualTo(escaped + 10 <= 256);
        filter.ifPresent(f -> assertThat(StandInFilterGrammar.parse(f))
                .as("Cognito's grammar reads %s", f)
                .contains(new Meaning("email", false, email)));
    }

    // ------------------------------------------------------------------ reading the event

    @Property(tries = 500)
    void anyBodyIsEitherAnObjectOrAnInvalidEvent(@ForAll("bodies") byte[] body) {
        try {
            JsonNode event = PreSignUpEvents.parse(JSON, body);
            assertThat(event.isObject()).isTrue();
            assertThat(PreSignUpEvents.attempt(event)).isNotNull();
        } catch (InvalidEventException expected) {
            assertThat(expected.getMessage()).startsWith("the event ");
        }
    }

    @Property(tries = 500)
    void anyEventTreeIsReadWithFieldsOfTheWrongTypeAsAbsent(@ForAll("events") ObjectNode event) {
        SignUpAttempt attempt = PreSignUpEvents.attempt(event);

        assertThat(attempt.triggerSource()).isEqualTo(textOrNull(event.get("triggerSource")));
        assertThat(attempt.userName()).isEqualTo(textOrNull(event.get("userName")));
        assertThat(attempt.userPoolId()).isEqualTo(textOrNull(event.get("userPoolId")));
        JsonNode attributes = event.path("request").path("userAttributes");
        attempt.userAttributes().forEach((name, value) -> {
            JsonNode sent = attributes.get(name);
            assertThat(sent.isValueNode() && !sent.isNull()).as("only scalar attributes are read: %s", name).isTrue();
            assertThat(value).isEqualTo(sent.asText());
        });
    }

    // ------------------------------------------------------------------ the decision

    @Property(tries = 1000)
    void triageSearchesExactlyWhenTheEventQualifiesAndNeverEndsOtherwiseThanContinued(
            @ForAll("events") ObjectNode event) {
        SignUpAttempt attempt = PreSignUpEvents.attempt(event);

        Step step = RULES.triage(attempt);

        Optional<Search> expected = Oracle.search(event);
        if (expected.isPresent()) {
            assertThat(Oracle.visible(step)).isEqualTo(Oracle.visible(expected.get()));
        } else {
            assertThat(step).as(() -> "for " + Oracle.visible(event)).isInstanceOf(Verdict.class);
            assertThat(((Verdict) step).outcome()).isEqualTo(Outcome.CONTINUED);
        }
        Statistics.label("triage").collect(step instanceof Search ? "search" : ((Verdict) step).reason().code());
    }

    @Property(tries = 1000)
    void chooseLinksOnlyTheOneConfirmedVerifiedEnabledOwnerOfTheSameEmail(
            @ForAll("searches") Tuple2<String, List<Candidate>> search) {
        String email = search.get1();
        List<Candidate> candidates = search.get2();
        Step step = RULES.choose(new Search(IDENTITY, email), candidates);

        List<Candidate> owners = candidates.stream()
                .filter(c -> !"EXTERNAL_PROVIDER".equals(c.status()))
                .filter(c -> "CONFIRMED".equals(c.status()) && c.emailVerified())
                .filter(c -> c.email() != null && Oracle.sameAddress(c.email(), email))
                .toList();
        boolean linkable = owners.size() == 1 && owners.get(0).enabled()
                && owners.get(0).identities().size() < 5
                && owners.get(0).identities().stream().noneMatch(Oracle::isJanesDescopeIdentity)
                // merge.on-second-identity=refuse (the default): no second identity of the same provider
                && owners.get(0).identities().stream()
                        .noneMatch(identity -> IDENTITY.providerName().equalsIgnoreCase(identity.providerName()));
        // merge.protected-accounts=mfa (the default) asks for the owner's MFA state first: the way to a link
        if (step instanceof Inspect inspect) {
            step = RULES.afterInspect(inspect, new OwnerProtection(false, List.of()));
        }
        if (step instanceof Link link) {
            assertThat(linkable)
                    .as("linked %s for %s among %s", link, Oracle.visible(email), Oracle.visible(candidates))
                    .isTrue();
            assertThat(link.destinationUsername()).isEqualTo(owners.get(0).username());
            assertThat(link.identity()).isEqualTo(IDENTITY);
        } else if (linkable) {
            fail("should have linked %s to %s, but decided %s", Oracle.visible(email), owners.get(0), step);
        } else {
            Verdict verdict = (Verdict) step;
            if (owners.size() > 1) {
                assertThat(verdict.reason().code()).isEqualTo("ambiguous");
            }
        }
        Statistics.label("choose").collect(step instanceof Link ? "link" : ((Verdict) step).reason().code());
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> anyEmail() {
        return Arbitraries.oneOf(HostileEvents.emails(), HostileEvents.hostileText(),
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars('"', '\\', 'a', '@').ofMinLength(100).ofMaxLength(260));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> events = HostileEvents.events().map(event -> event.toString().getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> jsonish = Arbitraries.of("", "null", "[]", "42", "\"event\"", "{", "{}", "{\"a\":", "[{}]",
                        "{\"userName\":\"Descope_x\"}{", "\uFEFF{}", "{\"a\":1e999999}", "[".repeat(5000),
                        "{\"a\":\"\\ud800\"}", "{\"a\":\"" + "\\".repeat(3) + "\"}")
                .map(text -> text.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> broken = Arbitraries.of(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {'{', '"', (byte) 0xFF,
                '"', ':', '1', '}'}, new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'});
        return Arbitraries.oneOf(events, raw, jsonish, broken);
    }

    @Provide
    Arbitrary<ObjectNode> events() {
        return HostileEvents.events();
    }

    @Provide
    Arbitrary<String> searchEmails() {
        return Arbitraries.oneOf(Arbitraries.of(HostileEvents.Pool.EMAILS),
                Combinators.combine(Arbitraries.of(HostileEvents.Pool.EMAILS),
                        Arbitraries.of(HostileEvents.EmailVariant.class), Arbitraries.integers().between(0, 63))
                        .as((email, variant, seed) -> variant.apply(email, seed)));
    }

    /** A searched email and what ListUsers could return for it: users whose email is a variant of it. */
    @Provide
    Arbitrary<Tuple2<String, List<Candidate>>> searches() {
        return searchEmails().flatMap(email -> candidateLists(email).map(candidates -> Tuple.of(email, candidates)));
    }

    Arbitrary<List<Candidate>> candidateLists(String searched) {
        Arbitrary<String> variants = Combinators.combine(Arbitraries.of(HostileEvents.EmailVariant.class),
                Arbitraries.integers().between(0, 63)).as((variant, seed) -> variant.apply(searched, seed));
        Arbitrary<String> emails = Arbitraries.oneOf(variants, variants, searchEmails(), Arbitraries.just(null));
        Arbitrary<String> statuses = Arbitraries.of("CONFIRMED", "CONFIRMED", "UNCONFIRMED", "EXTERNAL_PROVIDER",
                "RESET_REQUIRED", "FORCE_CHANGE_PASSWORD", "confirmed", "");
        Arbitrary<List<LinkedIdentity>> identities = Arbitraries.oneOf(
                Arbitraries.just(List.of()),
                Arbitraries.of(new LinkedIdentity("Descope", Hardening.JANE_SUBJECT),
                        new LinkedIdentity("descope", Hardening.JANE_SUBJECT),
                        new LinkedIdentity("Descope", Hardening.JANE_SUBJECT.toLowerCase()),
                        new LinkedIdentity("Google", "1"), new LinkedIdentity("Okta", "2"))
                        .list().ofMaxSize(6));
        Arbitrary<Candidate> candidate = Combinators.combine(Arbitraries.strings().alpha().ofLength(6), statuses,
                        Arbitraries.of(true, true, false), emails, Arbitraries.of(true, true, false), identities)
                .as(Candidate::new);
        return candidate.list().ofMaxSize(4);
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /**
     * The linking rules restated from the README, independently of LinkRules: what must be true of an event
     * before any lookup, and when two emails are the same address.
     */
    static final class Oracle {

        private Oracle() {
        }

        /**
         * Two emails are the same address when they are equal after lower-casing the ASCII letters A-Z and
         * nothing else: no Unicode case folding (the Kelvin sign is not 'k'), no normalisation (NFD is not
         * NFC), no confusable mapping (Cyrillic 'а' is not 'a').
         */
        static boolean sameAddress(String a, String b) {
            return asciiLower(a).equals(asciiLower(b));
        }

        static String asciiLower(String text) {
            StringBuilder lower = new StringBuilder(text.length());
            text.chars().forEach(c -> lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : (char) c));
            return lower.toString();
        }

        /** Text with every character outside printable ASCII as a \\uXXXX escape, so reports show it. */
        static String visible(Object value) {
            String text = String.valueOf(value);
            StringBuilder shown = new StringBuilder();
            for (int i = 0; i < text.length() && shown.length() < 400; i++) {
                char c = text.charAt(i);
                shown.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
            }
            return shown.length() < 400 ? shown.toString() : shown + "...(" + text.length() + " chars)";
        }

        static boolean isJanesDescopeIdentity(LinkedIdentity identity) {
            return identity.providerName().equalsIgnoreCase("Descope") && identity.userId().equals(Hardening.JANE_SUBJECT);
        }

        /** The search the event leads to, or empty when it must be let through without a lookup. */
        static Optional<Search> search(JsonNode event) {
            if (!"PreSignUp_ExternalProvider".equals(textOrNull(event.get("triggerSource")))) {
                return Optional.empty();
            }
            String userName = textOrNull(event.get("userName"));
            int separator = userName == null ? -1 : userName.indexOf('_');
            if (separator <= 0 || separator == userName.length() - 1
                    || !sameAddress(userName.substring(0, separator), "descope")) {
                return Optional.empty();
            }
            String pool = textOrNull(event.get("userPoolId"));
            String subject = userName.substring(separator + 1);
            // Cognito's limit on provider name + "Cognito_Subject" + subject (docs/cognito-facts.md#source-length)
            if (pool == null || pool.isBlank() || "Descope".length() + 15 + subject.length() > 128) {
                return Optional.empty();
            }
            Map<String, String> attributes = scalarAttributes(event);
            String email = attributes.get("email");
            String verified = attributes.get("email_verified");
            if (email == null || email.isBlank() || verified == null || !verified.trim().equalsIgnoreCase("true")) {
                return Optional.empty();
            }
            if (!isWellFormed(email) || filterLength(email) > 256) {
                return Optional.empty();
            }
            // The IdP asserted email_verified=true and verification is on (the default): create-and-link could create.
            return Optional.of(new Search(new FederatedIdentity("Descope", subject), email, true));
        }

        /** One '@' with text on both sides and no control characters. */
        static boolean isWellFormed(String email) {
            int at = email.indexOf('@');
            return at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1
                    && email.chars().noneMatch(Character::isISOControl);
        }

        static long filterLength(String email) {
            return "email = \"\"".length() + email.length() + email.chars().filter(c -> c == '"' || c == '\\').count();
        }

        static Map<String, String> scalarAttributes(JsonNode event) {
            Map<String, String> attributes = new HashMap<>();
            event.path("request").path("userAttributes").fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                if (value.isTextual() || value.isBoolean() || value.isNumber()) {
                    attributes.put(field.getKey(), value.asText());
                }
            });
            return attributes;
        }
    }
}
