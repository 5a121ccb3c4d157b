package dev.cognitomerge.hardening;

import dev.cognitomerge.config.MergeConfig;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MergeConfig} that is {@code base} with the settings of one account per email replaced, so tests
 * that wire the function by hand can turn on create-and-link or the native sign-up guard.
 */
record AccountSettingsConfig(MergeConfig base, String whenNoNativeUser, String nativeSignUpGuard,
        String nativeSignUpGuardMessage, List<String> copyAttributes) implements MergeConfig {

    static AccountSettingsConfig createAndLink() {
        MergeConfig defaults = HandWrittenConfig.defaults();
        return new AccountSettingsConfig(defaults, "create-and-link", defaults.nativeSignUpGuard(),
                defaults.nativeSignUpGuardMessage(), List.of());
    }

    AccountSettingsConfig withWhenNoNativeUser(String value) {
        return new AccountSettingsConfig(base, value, nativeSignUpGuard, nativeSignUpGuardMessage, copyAttributes);
    }

    AccountSettingsConfig withNativeSignUpGuard(String value) {
        return new AccountSettingsConfig(base, whenNoNativeUser, value, nativeSignUpGuardMessage, copyAttributes);
    }

    AccountSettingsConfig withNativeSignUpGuardMessage(String value) {
        return new AccountSettingsConfig(base, whenNoNativeUser, nativeSignUpGuard, value, copyAttributes);
    }

    AccountSettingsConfig withCopyAttributes(String... names) {
        return new AccountSettingsConfig(base, whenNoNativeUser, nativeSignUpGuard, nativeSignUpGuardMessage,
                List.of(names));
    }

    @Override
    public Create create() {
        return () -> Optional.of(copyAttributes);
    }

    @Override
    public List<String> providerNames() {
        return base.providerNames();
    }

    @Override
    public Optional<String> subjectAttribute() {
        return base.subjectAttribute();
    }

    @Override
    public String requireVerifiedEmail() {
        return base.requireVerifiedEmail();
    }

    @Override
    public String dryRun() {
        return base.dryRun();
    }

    @Override
    public String onAmbiguous() {
        return base.onAmbiguous();
    }

    @Override
    public String onLookupFailed() {
        return base.onLookupFailed();
    }

    @Override
    public String timeBudget() {
        return base.timeBudget();
    }

    @Override
    public String deadlineMargin() {
        return base.deadlineMargin();
    }

    @Override
    public String metricsNamespace() {
        return base.metricsNamespace();
    }

    @Override
    public String snapstartPriming() {
        return base.snapstartPriming();
    }

    @Override
    public String protectedAccounts() {
        return base.protectedAccounts();
    }

    @Override
    public Optional<List<String>> protectedGroups() {
        return base.protectedGroups();
    }

    @Override
    public Optional<String> protectedAccountMessage() {
        return base.protectedAccountMessage();
    }

    @Override
    public String onSecondIdentity() {
        return base.onSecondIdentity();
    }

    @Override
    public java.util.Map<String, ProviderConfig> provider() {
        return base.provider();
    }

    @Override
    public Optional<String> linkNotificationTopicArn() {
        return base.linkNotificationTopicArn();
    }

    @Override
    public Optional<String> linkNotificationEndpointOverride() {
        return base.linkNotificationEndpointOverride();
    }

    @Override
    public SelfService selfService() {
        return UnsetSelfService.INSTANCE;
    }
}
