package dev.cognitomerge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cognitomerge.testing.EnvironmentConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code MERGE_*} variable the function does not read stops init: SmallRye would ignore it, leaving the setting
 * it was meant to be at its default ({@code MERGE_DRY_RUM=true} made real links before this check).
 */
class SettingNamesTest {

    static final Map<String, String> VALID = Map.of("MERGE_PROVIDER_NAMES", "Descope");

    static String refusal(Map<String, String> variables) {
        InvalidConfigurationException error = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new MergeSettings(EnvironmentConfig.of(variables), variables.keySet()));
        assertThat(error).as("settings %s should have been refused", variables).isNotNull();
        return error.getMessage();
    }

    @Test
    void aMisspeltDryRunStopsInitInsteadOfMakingRealLinks() {
        // GIVEN the operator meant a dry run and misspelt its name
        Map<String, String> variables = Map.of("MERGE_PROVIDER_NAMES", "Descope", "MERGE_DRY_RUM", "true");

        // WHEN the function starts, THEN it stops with a sentence naming the variable and the one it meant
        assertThat(refusal(variables)).startsWith("Invalid configuration: ")
                .contains("MERGE_DRY_RUM is not a setting of this function", "did you mean MERGE_DRY_RUN?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MERGE_PROTECTED_ACOUNTS", "MERGE_REQUIRE_VERIFED_EMAIL", "MERGE_WHEN_NO_NATIVE_USERS",
            "MERGE_SELF_SERVICE_MAX_AUTHAGE", "MERGE_PROVIDER_NAME"})
    void everyMisspeltSettingIsNamedWithTheSettingItResembles(String misspelt) {
        String message = refusal(Map.of("MERGE_PROVIDER_NAMES", "Descope", misspelt, "x"));

        assertThat(message).contains(misspelt + " is not a setting of this function", "did you mean MERGE_");
    }

    @Test
    void aPerProviderSettingOutsideThePatternIsRefusedWithThePattern() {
        String message = refusal(Map.of("MERGE_PROVIDER_NAMES", "Descope",
                "MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED", "false"));

        assertThat(message).contains("MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED is not a setting",
                "MERGE_PROVIDER__<NAME>__AUDIENCE|ISSUER|REQUIRE_VERIFIED_EMAIL|SUBJECT_ATTRIBUTE");
    }

    @Test
    void everySettingTheFunctionReadsIsAccepted() {
        // GIVEN every known name (with a value each reads correctly, so only the names are under test)
        List<String> problems = SettingNames.unknown(SettingNames.KNOWN);
        List<String> perProvider = SettingNames.unknown(SettingNames.PER_PROVIDER.stream()
                .map(setting -> "MERGE_PROVIDER__DESCOPE_STAGING__" + setting).toList());

        assertThat(problems).isEmpty();
        assertThat(perProvider).isEmpty();
        assertThatCode(() -> new MergeSettings(EnvironmentConfig.of(Map.of("MERGE_PROVIDER_NAMES", "Descope",
                "MERGE_DRY_RUN", "true", "MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", "true")),
                java.util.Set.of("MERGE_PROVIDER_NAMES", "MERGE_DRY_RUN",
                        "MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", "PATH", "AWS_REGION")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MERGEDRY_RUN", "QUARKUS_LAMBDA_HANDLER", "MERGE", "AWS_REGION", "XMERGE_DRY_RUM"})
    void namesWithoutOurPrefixAreNotOursToJudge(String name) {
        assertThat(SettingNames.unknown(List.of(name))).isEmpty();
    }

    @Test
    void theLowerCaseFormIsASettingToo() {
        // SmallRye reads merge_dry_run and Merge_Dry_Run as MERGE_DRY_RUN, so their misspellings are refused too
        assertThat(EnvironmentConfig.of(Map.of("MERGE_PROVIDER_NAMES", "Descope", "merge_dry_run", "true")).dryRun())
                .isEqualTo("true");
        assertThat(EnvironmentConfig.of(Map.of("MERGE_PROVIDER_NAMES", "Descope", "Merge_Dry_Run", "true")).dryRun())
                .isEqualTo("true");
        assertThat(SettingNames.unknown(List.of("merge_dry_run", "Merge_Dry_Run"))).isEmpty();
        assertThat(SettingNames.unknown(List.of("merge_dry_rum"))).singleElement().asString()
                .contains("merge_dry_rum is not a setting of this function", "did you mean MERGE_DRY_RUN?");
    }

    @Test
    void aNameFarFromEverySettingGetsNoGuess() {
        assertThat(SettingNames.unknown(List.of("MERGE_SOMETHING_ELSE_ENTIRELY")))
                .singleElement().asString().doesNotContain("did you mean");
    }

    @Test
    void theDistanceIsLevenshteins() {
        assertThat(SettingNames.distance("MERGE_DRY_RUM", "MERGE_DRY_RUN")).isEqualTo(1);
        assertThat(SettingNames.distance("ACOUNTS", "ACCOUNTS")).isEqualTo(1);
        assertThat(SettingNames.distance("", "ABC")).isEqualTo(3);
        assertThat(SettingNames.distance("SAME", "SAME")).isZero();
    }
}
