package dev.cognitomerge.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small values the decision is built from: setting parsers, codes, and the edges of the email rule. Plain
 * JUnit, so the mutation check (PIT, decision/ only) sees them.
 */
class DecisionValuesTest {

    @Test
    void lowerCasesExactlyTheLettersAToZ() {
        // '@' and '[' sit just before 'A' and just after 'Z'; '`' and '{' around the lower-case letters
        assertThat(EmailKey.of("AZ@[`{az")).isEqualTo("az@[`{az");
    }

    @Test
    void parsesTheFailureActionsInAnyCaseAndNothingElse() {
        assertThat(FailureAction.parse("X", " Refuse ")).isEqualTo(FailureAction.REFUSE);
        assertThat(FailureAction.parse("X", "CONTINUE")).isEqualTo(FailureAction.CONTINUE);
        assertThatThrownBy(() -> FailureAction.parse("MERGE_ON_AMBIGUOUS", "link"))
                .hasMessage("MERGE_ON_AMBIGUOUS must be 'refuse' or 'continue', but is 'link'");
        assertThatThrownBy(() -> FailureAction.parse("X", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesTheProtectionModesInAnyCaseAndNothingElse() {
        assertThat(ProtectionMode.parse("X", "OFF")).isEqualTo(ProtectionMode.OFF);
        assertThat(ProtectionMode.parse("X", " mfa ")).isEqualTo(ProtectionMode.MFA);
        assertThat(ProtectionMode.parse("X", "Mfa-And-Groups")).isEqualTo(ProtectionMode.MFA_AND_GROUPS);
        assertThatThrownBy(() -> ProtectionMode.parse("MERGE_PROTECTED_ACCOUNTS", "groups"))
                .hasMessage("MERGE_PROTECTED_ACCOUNTS must be 'off', 'mfa' or 'mfa-and-groups', but is 'groups'");
        assertThatThrownBy(() -> ProtectionMode.parse("X", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.stream(ProtectionMode.values()).map(ProtectionMode::code))
                .containsExactly("off", "mfa", "mfa-and-groups");
    }

    @Test
    void parsesTheSecondIdentityActionsInAnyCaseAndNothingElse() {
        assertThat(SecondIdentityAction.parse("X", "REFUSE")).isEqualTo(SecondIdentityAction.REFUSE);
        assertThat(SecondIdentityAction.parse("X", " link")).isEqualTo(SecondIdentityAction.LINK);
        assertThatThrownBy(() -> SecondIdentityAction.parse("MERGE_ON_SECOND_IDENTITY", "continue"))
                .hasMessage("MERGE_ON_SECOND_IDENTITY must be 'refuse' or 'link', but is 'continue'");
        assertThatThrownBy(() -> SecondIdentityAction.parse("X", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyOutcomeAndReasonHasItsOwnCode() {
        List<String> outcomes = Arrays.stream(Outcome.values()).map(Outcome::code).toList();
        List<String> reasons = Arrays.stream(Reason.values()).map(Reason::code).toList();

        assertThat(outcomes).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z-]+"));
        assertThat(reasons).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z-]+"));
        assertThat(Reason.PROTECTED_ACCOUNT.code()).isEqualTo("protected-account");
        assertThat(Reason.PROVIDER_ALREADY_LINKED.code()).isEqualTo("provider-already-linked");
    }

    @Test
    void onlyARefusedVerdictRefuses() {
        assertThat(Verdict(Outcome.REFUSED).refuses()).isTrue();
        assertThat(Verdict(Outcome.CONTINUED).refuses()).isFalse();
        assertThat(Verdict(Outcome.LINKED).refuses()).isFalse();
        assertThat(Verdict(Outcome.ALREADY_LINKED).refuses()).isFalse();
    }

    private static Step.Verdict Verdict(Outcome outcome) {
        return Step.Verdict.of(outcome, Reason.LINKED);
    }

    @Test
    void aBlankAttributeCountsAsAbsent() {
        SignUpAttempt attempt = new SignUpAttempt(SignUpAttempt.EXTERNAL_PROVIDER, "p", "Descope_x",
                Map.of("email", " ", "name", "Jane"));

        assertThat(attempt.attribute("email")).isEmpty();
        assertThat(attempt.attribute("name")).contains("Jane");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void aBlankSubjectAttributeNameMeansNone(String blank) {
        assertThat(new LinkPolicy(List.of("Descope"), Optional.of(blank), true, false, FailureAction.REFUSE,
                FailureAction.REFUSE).subjectAttribute()).isEmpty();
        assertThat(new ProviderTrust(true, Optional.of(blank)).subjectAttribute()).isEmpty();
        assertThat(new ProviderTrust(true, Optional.of("custom:sub")).subjectAttribute()).contains("custom:sub");
        assertThat(new LinkPolicy(List.of("Descope"), Optional.of("custom:sub"), true, false, FailureAction.REFUSE,
                FailureAction.REFUSE).subjectAttribute()).contains("custom:sub");
    }
}
