package dev.cognitomerge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.decision.NativeSignUpGuard;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.WhenNoNativeUser;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new settings arrive by exactly the environment names the README and the Terraform module use. */
class AccountSettingsFromEnvironmentTest {

    @Test
    void everyNewSettingIsReadFromItsMergeEnvironmentVariable() {
        // GIVEN the variables as Lambda would set them
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MergeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(Map.of(
                        "MERGE_WHEN_NO_NATIVE_USER", "create-and-link",
                        "MERGE_NATIVE_SIGN_UP_GUARD", "refuse",
                        "MERGE_NATIVE_SIGN_UP_GUARD_MESSAGE", "Please sign in with Descope.",
                        "MERGE_CREATE_COPY_ATTRIBUTES", "given_name,family_name"), 300))
                .build();

        // WHEN the settings are built
        MergeSettings settings = new MergeSettings(config.getConfigMapping(MergeConfig.class));

        // THEN each took its value
        assertThat(settings.accounts().whenNoNativeUser()).isEqualTo(WhenNoNativeUser.CREATE_AND_LINK);
        assertThat(settings.accounts().nativeSignUpGuard()).isEqualTo(NativeSignUpGuard.REFUSE);
        assertThat(settings.userMessage(Reason.FEDERATED_ACCOUNT_EXISTS)).isEqualTo("Please sign in with Descope.");
        assertThat(settings.accounts().copyAttributes()).containsExactly("given_name", "family_name");
    }
}
