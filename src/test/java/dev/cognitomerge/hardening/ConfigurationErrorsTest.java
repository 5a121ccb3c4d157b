package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cognitomerge.config.InvalidConfigurationException;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.FailureAction;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A wrong {@code MERGE_*} variable stops the function at init ({@code MergeSettings} is {@code @Startup})
 * with a sentence that names the variable and the value, so an operator fixes it from the first log line
 * instead of finding out from failed sign-ups. Settings are built from a hand-written config: no Quarkus.
 */
class ConfigurationErrorsTest {

    static String problemsWith(HandWrittenConfig config) {
        InvalidConfigurationException error = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new MergeSettings(config));
        assertThat(error).as("settings should have been refused").isNotNull();
        return error.getMessage();
    }

    @Test
    void theDefaultsAreValid() {
        assertThatCode(() -> new MergeSettings(HandWrittenConfig.defaults())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Des_cope", "Descope Staging", "D", "Do", "Des\tcope",
            "DescopeDescopeDescopeDescopeDescope12345"})
    void refusesAProviderNameCognitoWouldNotAccept(String provider) {
        String message = problemsWith(HandWrittenConfig.defaults().withProviderNames("Descope", provider));

        assertThat(message).startsWith("Invalid configuration: ")
                .contains("MERGE_PROVIDER_NAMES", "'" + provider + "'")
                .doesNotContain("'Descope'");
    }

    @Test
    void refusesAnEmptyProviderList() {
        assertThat(problemsWith(HandWrittenConfig.defaults().withProviderNames()))
                .contains("MERGE_PROVIDER_NAMES must name at least one identity provider");
    }

    @Test
    void acceptsTheLongestProviderNameCognitoAllows() {
        assertThatCode(() -> new MergeSettings(HandWrittenConfig.defaults().withProviderNames("D".repeat(32))))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1000, 0, 5001, 60_000})
    void refusesATimeBudgetOutsideCognitosFiveSeconds(long millis) {
        String message = problemsWith(HandWrittenConfig.defaults().withTimeBudget(Duration.ofMillis(millis))
                .withDeadlineMargin(Duration.ZERO));

        assertThat(message).contains("MERGE_TIME_BUDGET", "but is '" + millis + "ms'");
    }

    @Test
    void aWrongBudgetIsOneSentenceNotAlsoAComplaintAboutTheUntouchedMargin() {
        String message = problemsWith(HandWrittenConfig.defaults().withTimeBudget(Duration.ZERO));

        assertThat(message).contains("MERGE_TIME_BUDGET").doesNotContain("MERGE_DEADLINE_MARGIN");
    }

    @Test
    void acceptsABudgetOfExactlyFiveSeconds() {
        assertThatCode(() -> new MergeSettings(HandWrittenConfig.defaults().withTimeBudget(Duration.ofSeconds(5))))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "", "refused", "continue!"})
    void refusesAnUnknownFailureAction(String action) {
        String message = problemsWith(HandWrittenConfig.defaults().withOnLookupFailed(action));

        assertThat(message).contains("MERGE_ON_LOOKUP_FAILED must be 'refuse' or 'continue', but is '" + action + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"refuse", "REFUSE", " continue ", "Continue"})
    void acceptsTheActionsInAnyCaseAndWithSpaces(String action) {
        MergeSettings settings = new MergeSettings(HandWrittenConfig.defaults().withOnAmbiguous(action));

        assertThat(settings.policy().onAmbiguous())
                .isEqualTo(action.trim().equalsIgnoreCase("refuse") ? FailureAction.REFUSE : FailureAction.CONTINUE);
    }

    @ParameterizedTest
    @ValueSource(longs = {800, 1000})
    void refusesADeadlineMarginThatLeavesNoBudget(long marginMillis) {
        String message = problemsWith(HandWrittenConfig.defaults().withTimeBudget(Duration.ofMillis(800))
                .withDeadlineMargin(Duration.ofMillis(marginMillis)));

        assertThat(message).contains("MERGE_DEADLINE_MARGIN", "less than MERGE_TIME_BUDGET",
                "but is '" + marginMillis + "ms'");
    }

    @Test
    void refusesANegativeDeadlineMargin() {
        assertThat(problemsWith(HandWrittenConfig.defaults().withDeadlineMargin(Duration.ofMillis(-1))))
                .contains("MERGE_DEADLINE_MARGIN", "but is '-1ms'");
    }

    @Test
    void refusesASubjectAttributeWithSpaces() {
        assertThat(problemsWith(HandWrittenConfig.defaults().withSubjectAttribute("custom: idp sub")))
                .contains("MERGE_SUBJECT_ATTRIBUTE", "'custom: idp sub'");
    }

    @Test
    void refusesABlankOrOverlongMetricsNamespace() {
        assertThat(problemsWith(HandWrittenConfig.defaults().withMetricsNamespace(" ")))
                .contains("MERGE_METRICS_NAMESPACE");
        assertThat(problemsWith(HandWrittenConfig.defaults().withMetricsNamespace("n".repeat(256))))
                .contains("MERGE_METRICS_NAMESPACE");
    }

    @Test
    void listsEveryProblemInOneMessage() {
        // GIVEN four wrong variables at once
        HandWrittenConfig config = HandWrittenConfig.defaults()
                .withProviderNames("Des_cope")
                .withOnAmbiguous("maybe")
                .withOnLookupFailed("sometimes")
                .withTimeBudget(Duration.ofSeconds(9));

        // WHEN the function starts THEN one message names all four, so one deploy fixes them all
        String message = problemsWith(config);

        assertThat(message).contains(
                "MERGE_PROVIDER_NAMES has 'Des_cope'",
                "MERGE_ON_AMBIGUOUS must be 'refuse' or 'continue', but is 'maybe'",
                "MERGE_ON_LOOKUP_FAILED must be 'refuse' or 'continue', but is 'sometimes'",
                "MERGE_TIME_BUDGET must be more than 0 and at most 5s (Cognito's limit), but is '9000ms'");
        assertThat(message.split("; ")).hasSize(4);
    }
}
