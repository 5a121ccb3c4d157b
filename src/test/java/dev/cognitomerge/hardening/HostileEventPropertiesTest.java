package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.decision.EmailKey;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.Step.Search;
import dev.cognitomerge.hardening.HostileEvents.Pool;
import dev.cognitomerge.hardening.HostileEvents.PoolUser;
import dev.cognitomerge.hardening.HostileInputPropertiesTest.Oracle;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.CognitoStandIn.RecordedCall;
import dev.cognitomerge.standin.StandInFilterGrammar;
import dev.cognitomerge.standin.StandInFilterGrammar.Meaning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile events through the whole function: the handler, the rules, the real SDK client and the Cognito
 * stand-in on loopback (wired by hand, no Quarkus, so a few hundred events run in seconds). For every
 * event: no crash (the answer is the unchanged event or a refusal with a user-safe message, never another
 * exception and never the internal-error path), exactly one audit line that is one line of JSON, every
 * ListUsers filter reads as an exact match on the event's email, and a link is made exactly when the rules
 * (restated independently in {@link Oracle} and {@link #expect}) allow it, to the one account they name.
 * Half the runs use a case-insensitive search, as the developer guide says Cognito's is (docs/cognito-facts.md#search-case).
 */
class HostileEventPropertiesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static CognitoStandIn standIn;
    static DirectFunction function;

    @BeforeContainer
    static void startCognitoAndTheFunction() throws IOException {
        standIn = CognitoStandIn.start(Pool.ID);
        function = new DirectFunction(standIn.endpoint(), HandWrittenConfig.defaults());
    }

    @AfterContainer
    static void stop() {
        function.close();
        standIn.close();
    }

    /** What the rules say must happen to an event, given the pool. */
    record Expected(String outcome, Reason reason, String destination, String subject) {
    }

    static Expected expect(JsonNode event) {
        Optional<Search> search = Oracle.search(event);
        if (search.isEmpty()) {
            return new Expected("continued", null, null, null);
        }
        if (!Pool.ID.equals(event.get("userPoolId").textValue())) {
            // ListUsers on a pool that is not there: ResourceNotFoundException, a failed lookup
            return new Expected("refused", Reason.LOOKUP_FAILED, null, null);
        }
        String email = search.get().email();
        List<PoolUser> natives = Pool.USERS.stream()
                .filter(user -> !user.status().equals("EXTERNAL_PROVIDER") && Oracle.sameAddress(user.email(), email))
                .toList();
        List<PoolUser> owners = natives.stream().filter(user -> user.status().equals("CONFIRMED") && user.emailVerified())
                .toList();
        if (owners.size() > 1) {
            return new Expected("refused", Reason.AMBIGUOUS, null, null);
        }
        if (owners.size() == 1 && !owners.get(0).enabled()) {
            return new Expected("refused", Reason.CANDIDATE_DISABLED, null, null);
        }
        if (owners.size() == 1) {
            return new Expected("linked", null, owners.get(0).username(), search.get().identity().subject());
        }
        return new Expected("continued", null, null, null);
    }

    @Property(tries = 200)
    void theFunctionAnswersEveryHostileEventSafelyAndLinksOnlyByTheRules(@ForAll("events") ObjectNode generated,
            @ForAll boolean caseInsensitiveSearch, @ForAll boolean escapeNonAscii) throws IOException {
        // GIVEN the pool, searched case-sensitively or not
        Pool.seed(standIn);
        standIn.caseInsensitiveSearch(caseInsensitiveSearch);
        function.audit.clear();
        // (escaped, a lone surrogate reaches the function as \ud800; as UTF-8 it would become '?')
        byte[] body = (escapeNonAscii
                ? JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(generated)
                : generated.toString()).getBytes(StandardCharsets.UTF_8);
        JsonNode event = JSON.readTree(body);
        Expected expected = expect(event);

        // WHEN the function gets it
        DirectFunction.Answer answer = function.invoke(body);

        // THEN it answers: the unchanged event, or a refusal whose message is safe to show
        assertThat(answer.unexpected()).as(() -> "unexpected exception for " + Oracle.visible(event)).isNull();
        if (answer.refusal() != null) {
            assertThat(answer.refusal().getMessage()).isIn(Delivery.USER_MESSAGES);
        } else {
            assertThat(answer.output()).isEqualTo(body);
        }

        // AND writes one audit line, one line of JSON, never from the internal-error path
        List<String> lines = function.audit.lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n", "\r");
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.path("reason").asText()).as(() -> "for " + Oracle.visible(event)).isNotEqualTo("internal-error");

        // AND every ListUsers filter it sent means "email equals exactly the event's email" (or its A-Z lower case)
        List<RecordedCall> searches = standIn.calls("ListUsers");
        for (int i = 0; i < searches.size(); i++) {
            Optional<Meaning> meaning = StandInFilterGrammar.parse(searches.get(i).filter());
            assertThat(meaning).as("filter %s", Oracle.visible(searches.get(i).filter())).isPresent();
            assertThat(meaning.get().attribute()).isEqualTo("email");
            assertThat(meaning.get().prefix()).isFalse();
            String email = Oracle.scalarAttributes(event).get("email");
            assertThat(meaning.get().value()).isEqualTo(i == 0 ? email : EmailKey.of(email));
        }
        assertThat(searches.size()).isLessThanOrEqualTo(2);

        // AND it links exactly when the rules say, to the account they name, and nothing else
        assertThat(line.path("outcome").asText()).as(() -> "outcome for " + Oracle.visible(event))
                .isEqualTo(expected.outcome());
        if (expected.reason() != null) {
            assertThat(answer.refusal()).isNotNull();
            assertThat(answer.refusal().getMessage()).isEqualTo(expected.reason().userMessage());
        }
        for (PoolUser user : Pool.USERS) {
            List<Map<String, String>> identities = standIn.identities(user.username());
            if (user.username().equals(expected.destination())) {
                assertThat(identities).containsExactly(Map.of("providerName", "Descope", "userId", expected.subject()));
            } else if (!user.status().equals("EXTERNAL_PROVIDER")) {
                assertThat(identities).as("identities of %s", user.username()).isEmpty();
            }
        }
        Statistics.label("outcome").collect(line.path("outcome").asText(), line.path("reason").asText());
        Statistics.label("search").collect(caseInsensitiveSearch ? "case-insensitive" : "case-sensitive");
    }

    @Provide
    Arbitrary<ObjectNode> events() {
        return HostileEvents.events();
    }
}
