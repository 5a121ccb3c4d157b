package dev.cognitomerge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finding 1 of issue 17: a typo in a yes/no setting turned it off, silently ({@code MERGE_REQUIRE_VERIFIED_EMAIL=ture}
 * started as {@code false}), and a wrong duration failed with SmallRye's {@code SRCFG00039} and the internal key.
 * Every value is read by one strict parser, from the environment as a deployment sets it.
 */
class StrictSettingsTest {

    static String problemsWith(Map<String, String> variables) {
        InvalidConfigurationException error = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new MergeSettings(MappedConfig.fromEnvironment(variables)));
        assertThat(error).as("settings should have been refused").isNotNull();
        return error.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ture", "treu", "enabled", "t", "yes", "1", "on", "false!", "truefalse"})
    void aTypoInTheVerifiedEmailCheckStopsInitInsteadOfTurningTheCheckOff(String typo) {
        assertThat(problemsWith(Map.of("MERGE_REQUIRE_VERIFIED_EMAIL", typo)))
                .contains("MERGE_REQUIRE_VERIFIED_EMAIL must be 'true' or 'false', but is '" + typo + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MERGE_DRY_RUN", "MERGE_SNAPSTART_PRIMING"})
    void everyYesNoSettingIsStrict(String variable) {
        assertThat(problemsWith(Map.of(variable, "ture"))).contains(variable + " must be 'true' or 'false', but is 'ture'");
    }

    @ParameterizedTest
    @CsvSource({"TRUE,true", "False,false", "' true ',true"})
    void trueAndFalseInAnyCase(String value, boolean expected) {
        MergeSettings settings = new MergeSettings(MappedConfig.fromEnvironment(Map.of("MERGE_DRY_RUN", value)));

        assertThat(settings.policy().dryRun()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 s", "abc", "4500 ms", "PT", "1e3ms", "4,5s", "--1s"})
    void anUnreadableDurationIsOurSentenceNamingTheVariable(String value) {
        String message = problemsWith(Map.of("MERGE_TIME_BUDGET", value));

        assertThat(message).contains("MERGE_TIME_BUDGET must be a duration such as 4500ms, 4.5s, 10m or PT4.5S"
                + " (a bare number counts as seconds), but is '" + value + "'")
                .doesNotContain("SRCFG").doesNotContain("merge.time-budget");
    }

    @ParameterizedTest
    @CsvSource({"4500ms,4500", "4.5s,4500", "PT4.5S,4500", "pt2s,2000", "3,3000", "0.25,250", "2S,2000", "1500MS,1500"})
    void acceptsTheDurationsThatWorkedBefore(String value, long millis) {
        MergeSettings settings = new MergeSettings(MappedConfig.fromEnvironment(Map.of("MERGE_TIME_BUDGET", value)));

        assertThat(settings.timeBudget()).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aBareNumberIsSecondsAndTheSentenceSaysSo() {
        assertThat(problemsWith(Map.of("MERGE_TIME_BUDGET", "4500")))
                .contains("MERGE_TIME_BUDGET must be more than 0 and at most 5s (Cognito's limit), but is '4500'"
                        + " (4500000ms)");
    }

    @Test
    void anUnreadableNotificationEndpointIsOurSentence() {
        assertThat(problemsWith(Map.of("MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE", "not a url")))
                .contains("MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE must be an http(s) URL", "'not a url'")
                .doesNotContain("SRCFG");
    }

    @Test
    void everyWrongValueIsReportedAtOnce() {
        String message = problemsWith(Map.of(
                "MERGE_REQUIRE_VERIFIED_EMAIL", "ture",
                "MERGE_DRY_RUN", "treu",
                "MERGE_TIME_BUDGET", "fast",
                "MERGE_DEADLINE_MARGIN", "-",
                "MERGE_ON_AMBIGUOUS", "maybe"));

        assertThat(message.split("; ")).hasSize(5);
        assertThat(message).contains("MERGE_REQUIRE_VERIFIED_EMAIL", "MERGE_DRY_RUN", "MERGE_TIME_BUDGET",
                "MERGE_DEADLINE_MARGIN", "MERGE_ON_AMBIGUOUS");
    }

    @Test
    void numbersAreWholeAndInRange() {
        SettingParser parse = new SettingParser();

        assertThat(parse.integer("MERGE_X", " 42 ", 1, 60)).contains(42);
        assertThat(parse.integer("MERGE_X", "61", 1, 60)).isEmpty();
        assertThat(parse.integer("MERGE_X", "4.2", 1, 60)).isEmpty();
        assertThat(parse.problems()).containsExactly(
                "MERGE_X must be a whole number from 1 to 60, but is '61'",
                "MERGE_X must be a whole number from 1 to 60, but is '4.2'");
    }
}
