package dev.cognitomerge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cognitomerge.decision.SelfServiceRules;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The self-service settings as a deployment sets them (environment variables through SmallRye's own mapping):
 * required and strictly read when QUARKUS_LAMBDA_HANDLER=self-service-link, not even looked at otherwise.
 */
class SelfServiceSettingsTest {

    static final Optional<String> SELF_SERVICE = Optional.of("self-service-link");

    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("MERGE_SELF_SERVICE_USER_POOL_ID", "eu-west-1_AbCdEf123");
        env.put("MERGE_SELF_SERVICE_CLIENT_IDS", "4abcdefghijklmnopqrstuvw12, 5bcdefghijklmnopqrstuvw13");
        env.put("MERGE_SELF_SERVICE_ALLOWED_ORIGINS", "https://app.example.com,http://localhost:3000");
        env.put("MERGE_PROVIDER__DESCOPE__ISSUER", "https://api.descope.com/P2abc");
        env.put("MERGE_PROVIDER__DESCOPE__AUDIENCE", "P2abc");
        return env;
    }

    static SelfServiceSettings settings(Map<String, String> env, Optional<String> handler) {
        MergeConfig config = MappedConfig.fromEnvironment(env);
        return new SelfServiceSettings(config, new MergeSettings(config), handler);
    }

    static String problems(Map<String, String> env) {
        InvalidConfigurationException error = catchThrowableOfType(InvalidConfigurationException.class,
                () -> settings(env, SELF_SERVICE));
        assertThat(error).as("settings should have been refused").isNotNull();
        return error.getMessage();
    }

    @Test
    void theTriggerStartsWithoutAnySelfServiceSetting() {
        SelfServiceSettings settings = settings(Map.of(), Optional.of("merge"));

        assertThat(settings.enabled()).isFalse();
        assertThat(settings(Map.of(), Optional.empty()).enabled()).isFalse();
    }

    @Test
    void theTriggerIgnoresSelfServiceSettingsEvenWrongOnes() {
        Map<String, String> env = valid();
        env.put("MERGE_SELF_SERVICE_MAX_AUTH_AGE", "forever");

        assertThat(settings(env, Optional.of("merge")).enabled()).isFalse();
    }

    @Test
    void validSettingsAreReadWithTheirDefaults() {
        SelfServiceSettings settings = settings(valid(), SELF_SERVICE);

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.userPoolId()).isEqualTo("eu-west-1_AbCdEf123");
        assertThat(settings.clientIds()).containsExactlyInAnyOrder("4abcdefghijklmnopqrstuvw12",
                "5bcdefghijklmnopqrstuvw13");
        assertThat(settings.allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
        assertThat(settings.cognitoIssuer()).isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
        assertThat(settings.providers()).containsOnlyKeys("Descope");
        assertThat(settings.providers().get("Descope").issuer()).isEqualTo("https://api.descope.com/P2abc");
        assertThat(settings.providers().get("Descope").audiences()).containsExactly("P2abc");
        SelfServiceRules rules = settings.rules();
        assertThat(rules.provider("descope")).contains("Descope");
    }

    @Test
    void everyRequiredSettingMissingIsReportedAtOnce() {
        String message = problems(Map.of());

        assertThat(message).startsWith("Invalid configuration: ")
                .contains("MERGE_SELF_SERVICE_USER_POOL_ID must name the user pool")
                .contains("MERGE_SELF_SERVICE_CLIENT_IDS must name at least one app client")
                .contains("MERGE_PROVIDER__<NAME>__ISSUER and MERGE_PROVIDER__<NAME>__AUDIENCE must be set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"forever", "5x", "10 minutes", "PT"})
    void anUnreadableMaximumAgeStopsInitWithItsVariableAndValue(String value) {
        Map<String, String> env = valid();
        env.put("MERGE_SELF_SERVICE_MAX_AUTH_AGE", value);

        assertThat(problems(env)).contains("MERGE_SELF_SERVICE_MAX_AUTH_AGE must be a duration such as 4500ms, 4.5s, 10m"
                + " or PT4.5S (a bare number counts as seconds), but is '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2h", "10s", "0m", "10", "-5m"})
    void aMaximumAgeOutsideHalfAMinuteToAnHourIsRefused(String value) {
        Map<String, String> env = valid();
        env.put("MERGE_SELF_SERVICE_MAX_AUTH_AGE", value);

        assertThat(problems(env)).contains("MERGE_SELF_SERVICE_MAX_AUTH_AGE must be between 30s and 1h, but is '"
                + value + "'");
    }

    @Test
    void maximumAgesAreReadInBothSyntaxes() {
        assertThat(StrictValues.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(StrictValues.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(StrictValues.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(StrictValues.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        Map<String, String> env = valid();
        env.put("MERGE_SELF_SERVICE_MAX_AUTH_AGE", "5m");
        assertThat(settings(env, SELF_SERVICE).enabled()).isTrue();
    }

    @Test
    void everyWrongValueIsReportedAtOnceWithItsVariable() {
        Map<String, String> env = valid();
        env.put("MERGE_SELF_SERVICE_USER_POOL_ID", "not a pool");
        env.put("MERGE_SELF_SERVICE_CLIENT_IDS", "good1,bad client");
        env.put("MERGE_SELF_SERVICE_ALLOWED_ORIGINS", "*,https://app.example.com/path,http://app.example.com");
        env.put("MERGE_PROVIDER__DESCOPE__ISSUER", "http://api.descope.com/P2abc");

        String message = problems(env);

        assertThat(message)
                .contains("MERGE_SELF_SERVICE_USER_POOL_ID must be a user pool id such as eu-west-1_AbCdEf123, but is 'not a pool'")
                .contains("MERGE_SELF_SERVICE_CLIENT_IDS has 'bad client', which is not an app client id")
                .contains("MERGE_SELF_SERVICE_ALLOWED_ORIGINS has '*'")
                .contains("MERGE_SELF_SERVICE_ALLOWED_ORIGINS has 'https://app.example.com/path'")
                .contains("MERGE_SELF_SERVICE_ALLOWED_ORIGINS has 'http://app.example.com'")
                .contains("MERGE_PROVIDER__DESCOPE__ISSUER must be the provider's https issuer URL");
    }

    @Test
    void anIssuerOfAnotherPoolIsRefused() {
        Map<String, String> env = valid();
        env.put("MERGE_SELF_SERVICE_COGNITO_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other");

        assertThat(problems(env)).contains("MERGE_SELF_SERVICE_COGNITO_ISSUER must end with the pool id eu-west-1_AbCdEf123");
    }

    @Test
    void aCognitoIssuerOverrideOnLoopbackIsAcceptedForTests() {
        Map<String, String> env = valid();
        env.put("MERGE_SELF_SERVICE_COGNITO_ISSUER", "http://127.0.0.1:9999/eu-west-1_AbCdEf123");

        assertThat(settings(env, SELF_SERVICE).cognitoIssuer()).isEqualTo("http://127.0.0.1:9999/eu-west-1_AbCdEf123");
        env.put("MERGE_SELF_SERVICE_COGNITO_ISSUER", "http://127.0.0.1:9999/eu-west-1_AbCdEf123/");
        assertThat(problems(env)).contains("MERGE_SELF_SERVICE_COGNITO_ISSUER must be an https URL");
    }

    @Test
    void anIssuerWithoutAudienceIsRefused() {
        Map<String, String> env = valid();
        env.remove("MERGE_PROVIDER__DESCOPE__AUDIENCE");

        assertThat(problems(env)).contains("MERGE_PROVIDER__DESCOPE__ISSUER and MERGE_PROVIDER__DESCOPE__AUDIENCE must be"
                + " set together");
    }

    @Test
    void aProviderThatIsNotConfiguredForTheTriggerIsRefusedByTheTriggersOwnCheck() {
        Map<String, String> env = valid();
        env.put("MERGE_PROVIDER__OKTA__ISSUER", "https://okta.example.com");
        env.put("MERGE_PROVIDER__OKTA__AUDIENCE", "0oa1");

        InvalidConfigurationException error = catchThrowableOfType(InvalidConfigurationException.class,
                () -> settings(env, SELF_SERVICE));
        assertThat(error.getMessage()).contains("MERGE_PROVIDER__OKTA__* names 'okta', which is not one of"
                + " MERGE_PROVIDER_NAMES");
    }

    @Test
    void theStrictBooleanReaderTakesOnlyTrueOrFalse() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        assertThat(StrictValues.bool("MERGE_X", Optional.of("TRUE"), problems)).contains(true);
        assertThat(StrictValues.bool("MERGE_X", Optional.of(" false "), problems)).contains(false);
        assertThat(StrictValues.bool("MERGE_X", Optional.empty(), problems)).isEmpty();
        assertThat(problems).isEmpty();
        assertThat(StrictValues.bool("MERGE_X", Optional.of("ture"), problems)).isEmpty();
        assertThat(problems).containsExactly("MERGE_X must be 'true' or 'false', but is 'ture'");
    }
}
