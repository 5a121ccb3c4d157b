package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.decision.EmailKey;
import dev.cognitomerge.hardening.HostileEvents.Pool;
import dev.cognitomerge.hardening.HostileEvents.PoolUser;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.testing.Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How emails that look alike are treated. Two emails are the same address when they are equal after
 * lower-casing A-Z, and otherwise identical: the IdP's "JANE@Example.com" links to jane@example.com, but a
 * differently normalised, confusable or Unicode-case-folded email is another address and is never linked,
 * whether Cognito's search is case-insensitive (it then returns the look-alike account) or not. Through the
 * real SDK and the stand-in, the pool of {@link Pool} (emails stored lower-case, josé in NFC).
 */
class EmailNormalisationTest {

    static CognitoStandIn standIn;
    static DirectFunction function;

    @BeforeAll
    static void start() throws IOException {
        standIn = CognitoStandIn.start(Pool.ID);
        function = new DirectFunction(standIn.endpoint(), HandWrittenConfig.defaults());
    }

    @AfterAll
    static void stop() {
        function.close();
        standIn.close();
    }

    @BeforeEach
    void seed() {
        Pool.seed(standIn);
        function.audit.clear();
    }

    static Stream<Arguments> emails() {
        return Stream.of(true, false).flatMap(caseInsensitive -> Stream.of(
                Arguments.of("the same email", "jane@example.com", caseInsensitive, Hardening.JANE),
                Arguments.of("A-Z in another case", "JANE@Example.COM", caseInsensitive, Hardening.JANE),
                Arguments.of("the same NFC é as stored", "jos\u00E9@example.com", caseInsensitive, "jose-0001"),
                Arguments.of("NFD e + combining acute for the stored NFC é", "jose\u0301@example.com", caseInsensitive,
                        null),
                Arguments.of("Unicode upper case É", "JOS\u00C9@EXAMPLE.COM", caseInsensitive, null),
                Arguments.of("Cyrillic а for Latin a", "j\u0430ne@example.com", caseInsensitive, null),
                Arguments.of("KELVIN SIGN for k (lower-cases to k)", "\u212Aate@example.com", caseInsensitive, null),
                Arguments.of("full-width ｊ for j (NFKC folds it)", "\uFF4Aane@example.com", caseInsensitive, null),
                Arguments.of("a zero-width space", "jane\u200B@example.com", caseInsensitive, null),
                Arguments.of("a trailing space", "jane@example.com ", caseInsensitive, null)));
    }

    @ParameterizedTest(name = "{0}: {1}, case-insensitive search {2} -> linked to {3}")
    @MethodSource("emails")
    void linksOnlyAnEmailThatDiffersAtMostInTheCaseOfAsciiLetters(String description, String email,
            boolean caseInsensitiveSearch, String linkedTo) throws IOException {
        // GIVEN Cognito searching case-insensitively or not
        standIn.caseInsensitiveSearch(caseInsensitiveSearch);
        ObjectNode event = Events.tree("link");
        Events.attributes(event).put("email", email);

        // WHEN the IdP asserts this email as verified
        DirectFunction.Answer answer = function.invoke(event.toString().getBytes(StandardCharsets.UTF_8));

        // THEN the sign-in goes on, linked to the account only if it is the same address
        assertThat(answer.output()).isNotNull();
        JsonNode line = function.json.readTree(function.audit.lines().get(0));
        for (PoolUser user : Pool.USERS) {
            if (user.username().equals(linkedTo)) {
                assertThat(standIn.identities(user.username()))
                        .containsExactly(Map.of("providerName", "Descope", "userId", Hardening.JANE_SUBJECT));
            } else if (!user.status().equals("EXTERNAL_PROVIDER")) {
                assertThat(standIn.identities(user.username())).isEmpty();
            }
        }
        assertThat(line.path("outcome").asText()).isEqualTo(linkedTo == null ? "continued" : "linked");
        if (linkedTo == null) {
            assertThat(line.path("reason").asText()).isEqualTo("no-candidate");
        }
    }

    @Test
    void theEmailKeyLowerCasesAsciiLettersOnly() {
        assertThat(EmailKey.of("Jane.DOE@Example.COM")).isEqualTo("jane.doe@example.com");
        assertThat(EmailKey.of("\u212Aate@example.com")).isEqualTo("\u212Aate@example.com");
        assertThat(EmailKey.of("JOS\u00C9@X")).isEqualTo("jos\u00C9@x");
        assertThat(EmailKey.of("\u0130nci@x")).isEqualTo("\u0130nci@x");
        // the Java methods it replaces would have matched these
        assertThat("\u212Aate@example.com".toLowerCase(java.util.Locale.ROOT)).isEqualTo("kate@example.com");
        assertThat("\u212Aate@example.com".equalsIgnoreCase("kate@example.com")).isTrue();
    }
}
