package dev.cognitomerge.hardening;

import dev.cognitomerge.config.MergeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MergeConfig} written by hand, so settings can be built and checked without starting Quarkus:
 * the record's accessors are the interface's methods. {@link #defaults()} mirrors the {@code @WithDefault}s.
 * Values are text, as the function reads them from the environment.
 */
record HandWrittenConfig(
        List<String> providerNames,
        Optional<String> subjectAttribute,
        String requireVerifiedEmail,
        String dryRun,
        String onAmbiguous,
        String onLookupFailed,
        String timeBudget,
        String deadlineMargin,
        String metricsNamespace,
        String snapstartPriming) implements MergeConfig {

    static HandWrittenConfig defaults() {
        return new HandWrittenConfig(List.of("Descope"), Optional.empty(), "true", "false", "refuse", "refuse",
                "4500ms", "200ms", "CognitoOidcMerge", "true");
    }

    HandWrittenConfig withRequireVerifiedEmail(String value) {
        return new HandWrittenConfig(providerNames, subjectAttribute, value, dryRun, onAmbiguous,
                onLookupFailed, timeBudget, deadlineMargin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withDryRun(String value) {
        return new HandWrittenConfig(providerNames, subjectAttribute, requireVerifiedEmail, value, onAmbiguous,
                onLookupFailed, timeBudget, deadlineMargin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withSnapstartPriming(String value) {
        return new HandWrittenConfig(providerNames, subjectAttribute, requireVerifiedEmail, dryRun, onAmbiguous,
                onLookupFailed, timeBudget, deadlineMargin, metricsNamespace, value);
    }

    HandWrittenConfig withTimeBudget(Duration budget) {
        return withTimeBudget(budget.toMillis() + "ms");
    }

    HandWrittenConfig withDeadlineMargin(Duration margin) {
        return withDeadlineMargin(margin.toMillis() + "ms");
    }

    HandWrittenConfig withProviderNames(String... names) {
        return new HandWrittenConfig(List.of(names), subjectAttribute, requireVerifiedEmail, dryRun, onAmbiguous,
                onLookupFailed, timeBudget, deadlineMargin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withSubjectAttribute(String name) {
        return new HandWrittenConfig(providerNames, Optional.of(name), requireVerifiedEmail, dryRun, onAmbiguous,
                onLookupFailed, timeBudget, deadlineMargin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withOnAmbiguous(String action) {
        return new HandWrittenConfig(providerNames, subjectAttribute, requireVerifiedEmail, dryRun, action,
                onLookupFailed, timeBudget, deadlineMargin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withOnLookupFailed(String action) {
        return new HandWrittenConfig(providerNames, subjectAttribute, requireVerifiedEmail, dryRun, onAmbiguous,
                action, timeBudget, deadlineMargin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withTimeBudget(String budget) {
        return new HandWrittenConfig(providerNames, subjectAttribute, requireVerifiedEmail, dryRun, onAmbiguous,
                onLookupFailed, budget, deadlineMargin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withDeadlineMargin(String margin) {
        return new HandWrittenConfig(providerNames, subjectAttribute, requireVerifiedEmail, dryRun, onAmbiguous,
                onLookupFailed, timeBudget, margin, metricsNamespace, snapstartPriming);
    }

    HandWrittenConfig withMetricsNamespace(String namespace) {
        return new HandWrittenConfig(providerNames, subjectAttribute, requireVerifiedEmail, dryRun, onAmbiguous,
                onLookupFailed, timeBudget, deadlineMargin, namespace, snapstartPriming);
    }

    // Settings of issue 11 at their defaults; AccountSettingsConfig varies them.
    @Override
    public String whenNoNativeUser() {
        return "continue";
    }

    @Override
    public String nativeSignUpGuard() {
        return "off";
    }

    @Override
    public String nativeSignUpGuardMessage() {
        return "This email address already signs in another way. Please use that sign-in.";
    }

    @Override
    public Create create() {
        return Optional::empty;
    }

    // Trust settings at their defaults; TrustSettingsTest sets them through SmallRye's own mapping instead.

    @Override
    public String protectedAccounts() {
        return "mfa";
    }

    @Override
    public Optional<List<String>> protectedGroups() {
        return Optional.empty();
    }

    @Override
    public Optional<String> protectedAccountMessage() {
        return Optional.empty();
    }

    @Override
    public String onSecondIdentity() {
        return "refuse";
    }

    @Override
    public java.util.Map<String, ProviderConfig> provider() {
        return java.util.Map.of();
    }

    @Override
    public Optional<String> linkNotificationTopicArn() {
        return Optional.empty();
    }

    @Override
    public Optional<String> linkNotificationEndpointOverride() {
        return Optional.empty();
    }

    @Override
    public SelfService selfService() {
        return UnsetSelfService.INSTANCE;
    }
}
