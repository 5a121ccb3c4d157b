package dev.cognitomerge.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cognitomerge.config.InvalidConfigurationException;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.decision.NativeSignUpGuard;
import dev.cognitomerge.decision.Reason;
import dev.cognitomerge.decision.WhenNoNativeUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MERGE_WHEN_NO_NATIVE_USER, MERGE_NATIVE_SIGN_UP_GUARD(_MESSAGE) and MERGE_CREATE_COPY_ATTRIBUTES at start. */
class AccountSettingsErrorsTest {

    static String problemsWith(AccountSettingsConfig config) {
        InvalidConfigurationException error = catchThrowableOfType(InvalidConfigurationException.class,
                () -> new MergeSettings(config));
        assertThat(error).as("settings should have been refused").isNotNull();
        return error.getMessage();
    }

    @Test
    void bothAreOffByDefault() {
        MergeSettings settings = new MergeSettings(HandWrittenConfig.defaults());

        assertThat(settings.accounts().whenNoNativeUser()).isEqualTo(WhenNoNativeUser.CONTINUE);
        assertThat(settings.accounts().nativeSignUpGuard()).isEqualTo(NativeSignUpGuard.OFF);
        assertThat(settings.accounts().copyAttributes()).isEmpty();
    }

    @Test
    void acceptsCreateAndLinkAndRefuseInAnyCase() {
        MergeSettings settings = new MergeSettings(AccountSettingsConfig.createAndLink()
                .withWhenNoNativeUser(" Create-And-Link ").withNativeSignUpGuard("REFUSE"));

        assertThat(settings.accounts().whenNoNativeUser()).isEqualTo(WhenNoNativeUser.CREATE_AND_LINK);
        assertThat(settings.accounts().nativeSignUpGuard()).isEqualTo(NativeSignUpGuard.REFUSE);
    }

    @Test
    void namesAWrongWhenNoNativeUserWithItsValue() {
        assertThat(problemsWith(AccountSettingsConfig.createAndLink().withWhenNoNativeUser("create")))
                .contains("MERGE_WHEN_NO_NATIVE_USER must be 'continue' or 'create-and-link', but is 'create'");
    }

    @Test
    void namesAWrongGuardWithItsValue() {
        assertThat(problemsWith(AccountSettingsConfig.createAndLink().withNativeSignUpGuard("on")))
                .contains("MERGE_NATIVE_SIGN_UP_GUARD must be 'off' or 'refuse', but is 'on'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "two\nlines"})
    void refusesAGuardMessageThatIsNotOneLine(String message) {
        assertThat(problemsWith(AccountSettingsConfig.createAndLink().withNativeSignUpGuardMessage(message)))
                .contains("MERGE_NATIVE_SIGN_UP_GUARD_MESSAGE");
    }

    @Test
    void theConfiguredGuardMessageIsWhatTheRefusalShows() {
        MergeSettings settings = new MergeSettings(AccountSettingsConfig.createAndLink()
                .withNativeSignUpGuardMessage("Use Descope to sign in."));

        assertThat(settings.userMessage(Reason.FEDERATED_ACCOUNT_EXISTS)).isEqualTo("Use Descope to sign in.");
        assertThat(settings.userMessage(Reason.AMBIGUOUS)).isEqualTo(Reason.AMBIGUOUS.userMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "email_verified", "sub", "identities", "cognito:user_status", "given name"})
    void refusesToCopyAnAttributeTheFunctionOrCognitoSets(String name) {
        assertThat(problemsWith(AccountSettingsConfig.createAndLink().withCopyAttributes("given_name", name)))
                .contains("MERGE_CREATE_COPY_ATTRIBUTES has '" + name + "'")
                .doesNotContain("'given_name'");
    }
}
