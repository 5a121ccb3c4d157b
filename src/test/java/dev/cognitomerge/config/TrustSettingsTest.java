package dev.cognitomerge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cognitomerge.decision.ProtectionMode;
import dev.cognitomerge.decision.ProviderTrust;
import dev.cognitomerge.decision.SecondIdentityAction;
import dev.cognitomerge.decision.TrustPolicy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trust settings as a deployment sets them (environment variables), checked at start. No Quarkus. */
class TrustSettingsTest {

    static MergeSettings fromEnvironment(Map<String, String> variables) {
        return new MergeSettings(MappedConfig.fromEnvironment(variables));
    }

    static String problemsWith(Map<String, String> variables) {
        InvalidConfigurationException error = catchThrowableOfType(InvalidConfigurationException.class,
                () -> fromEnvironment(variables));
        assertThat(error).as("settings should have been refused").isNotNull();
        return error.getMessage();
    }

    @Test
    void protectsMfaAccountsAndRefusesASecondIdentityByDefault() {
        TrustPolicy trust = fromEnvironment(Map.of()).trust();

        assertThat(trust.protectedAccounts()).isEqualTo(ProtectionMode.MFA);
        assertThat(trust.onSecondIdentity()).isEqualTo(SecondIdentityAction.REFUSE);
        assertThat(trust.protectedGroups()).isEmpty();
        assertThat(trust.protectedAccountMessage()).isEqualTo(TrustPolicy.DEFAULT_PROTECTED_ACCOUNT_MESSAGE);
    }

    @Test
    void readsEveryTrustSettingFromItsEnvironmentVariable() {
        TrustPolicy trust = fromEnvironment(Map.of(
                "MERGE_PROTECTED_ACCOUNTS", "mfa-and-groups",
                "MERGE_PROTECTED_GROUPS", "admins,billing",
                "MERGE_PROTECTED_ACCOUNT_MESSAGE", "Sign in with your password, then add Descope in settings.",
                "MERGE_ON_SECOND_IDENTITY", "link")).trust();

        assertThat(trust.protectedAccounts()).isEqualTo(ProtectionMode.MFA_AND_GROUPS);
        assertThat(trust.protectedGroups()).containsExactlyInAnyOrder("admins", "billing");
        assertThat(trust.protectedAccountMessage())
                .isEqualTo("Sign in with your password, then add Descope in settings.");
        assertThat(trust.onSecondIdentity()).isEqualTo(SecondIdentityAction.LINK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OFF", "Mfa", " mfa-and-groups "})
    void acceptsTheModesInAnyCase(String mode) {
        Map<String, String> variables = mode.contains("groups")
                ? Map.of("MERGE_PROTECTED_ACCOUNTS", mode, "MERGE_PROTECTED_GROUPS", "admins")
                : Map.of("MERGE_PROTECTED_ACCOUNTS", mode);

        assertThat(fromEnvironment(variables).trust().protectedAccounts().code()).isEqualTo(mode.trim().toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "groups", "mfa_and_groups", "none"})
    void refusesAnUnknownProtectionMode(String mode) {
        assertThat(problemsWith(Map.of("MERGE_PROTECTED_ACCOUNTS", mode)))
                .contains("MERGE_PROTECTED_ACCOUNTS must be 'off', 'mfa' or 'mfa-and-groups', but is '" + mode + "'");
    }

    @Test
    void groupModeNeedsAtLeastOneGroup() {
        assertThat(problemsWith(Map.of("MERGE_PROTECTED_ACCOUNTS", "mfa-and-groups")))
                .contains("MERGE_PROTECTED_GROUPS must name at least one group");
    }

    @Test
    void groupsUnderAnotherModeAreRefusedBecauseTheyWouldProtectNothing() {
        assertThat(problemsWith(Map.of("MERGE_PROTECTED_GROUPS", "admins")))
                .contains("MERGE_PROTECTED_GROUPS is set, but only MERGE_PROTECTED_ACCOUNTS=mfa-and-groups");
    }

    @Test
    void refusesAGroupNameCognitoWouldNotAccept() {
        String message = problemsWith(Map.of("MERGE_PROTECTED_ACCOUNTS", "mfa-and-groups",
                "MERGE_PROTECTED_GROUPS", "admins,Power Users," + "g".repeat(129)));

        assertThat(message).contains("'Power Users'", "'" + "g".repeat(129) + "'").doesNotContain("'admins'");
    }

    @Test
    void refusesAMessageThatCannotBeShownAsOneLine() {
        assertThat(problemsWith(Map.of("MERGE_PROTECTED_ACCOUNT_MESSAGE", "x".repeat(201))))
                .contains("MERGE_PROTECTED_ACCOUNT_MESSAGE must be one line of at most 200 characters");
        assertThat(problemsWith(Map.of("MERGE_PROTECTED_ACCOUNT_MESSAGE", "line one\nline two")))
                .contains("MERGE_PROTECTED_ACCOUNT_MESSAGE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"continue", "allow", ""})
    void refusesAnUnknownSecondIdentityAction(String action) {
        assertThat(problemsWith(Map.of("MERGE_ON_SECOND_IDENTITY", action.isEmpty() ? " " : action)))
                .contains("MERGE_ON_SECOND_IDENTITY must be 'refuse' or 'link'");
    }

    @Test
    void readsPerProviderTrustFromDoubleUnderscoreVariables() {
        // GIVEN a SAML provider that sends no email_verified and a Descope provider with a mapped subject
        MergeSettings settings = fromEnvironment(Map.of(
                "MERGE_PROVIDER_NAMES", "Descope,Corp-SAML",
                "MERGE_PROVIDER__CORP_SAML__REQUIRE_VERIFIED_EMAIL", "false",
                "MERGE_PROVIDER__DESCOPE__SUBJECT_ATTRIBUTE", "custom:idp_sub"));

        // THEN each keeps its own rule, keyed by its configured spelling, and the globals fill the rest
        assertThat(settings.trust().providers()).containsOnlyKeys("Descope", "Corp-SAML");
        assertThat(settings.trust().providers().get("Corp-SAML"))
                .isEqualTo(new ProviderTrust(false, Optional.empty()));
        assertThat(settings.trust().providers().get("Descope"))
                .isEqualTo(new ProviderTrust(true, Optional.of("custom:idp_sub")));
        assertThat(settings.policy().requireVerifiedEmail()).isTrue();
    }

    @Test
    void aProviderWithoutItsOwnEntryUsesTheGlobalSettings() {
        MergeSettings settings = fromEnvironment(Map.of("MERGE_PROVIDER_NAMES", "Descope,Okta",
                "MERGE_SUBJECT_ATTRIBUTE", "custom:sub", "MERGE_PROVIDER__OKTA__REQUIRE_VERIFIED_EMAIL", "true"));

        assertThat(settings.trust().providers()).containsOnlyKeys("Okta");
        assertThat(settings.trust().providers().get("Okta")).isEqualTo(new ProviderTrust(true, Optional.of("custom:sub")));
    }

    @Test
    void readsPerProviderTrustFromQuotedPropertyKeys() {
        MergeSettings settings = new MergeSettings(MappedConfig.fromProperties(Map.of(
                "merge.provider-names", "Descope",
                "merge.provider.\"Descope\".require-verified-email", "false")));

        assertThat(settings.trust().providers().get("Descope").requireVerifiedEmail()).isFalse();
    }

    @Test
    void refusesTrustForAProviderThatIsNotConfigured() {
        assertThat(problemsWith(Map.of("MERGE_PROVIDER__OKTA__REQUIRE_VERIFIED_EMAIL", "false")))
                .contains("MERGE_PROVIDER__OKTA__* names 'okta', which is not one of MERGE_PROVIDER_NAMES");
    }

    @Test
    void refusesAKeyThatTwoProviderNamesShare() {
        assertThat(problemsWith(Map.of("MERGE_PROVIDER_NAMES", "Corp-SAML,Corp.SAML",
                "MERGE_PROVIDER__CORP_SAML__REQUIRE_VERIFIED_EMAIL", "false")))
                .contains("matches more than one of MERGE_PROVIDER_NAMES");
    }

    @Test
    void refusesAPerProviderSubjectAttributeWithSpaces() {
        assertThat(problemsWith(Map.of("MERGE_PROVIDER__DESCOPE__SUBJECT_ATTRIBUTE", "custom:idp sub")))
                .contains("MERGE_PROVIDER__DESCOPE__SUBJECT_ATTRIBUTE must be an attribute name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "no", "0", "flase"})
    void refusesAPerProviderFlagThatIsNotTrueOrFalse(String value) {
        // SmallRye's own boolean converter would read each of these as false and silently waive the check
        assertThat(problemsWith(Map.of("MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL", value)))
                .contains("MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL must be 'true' or 'false', but is '"
                        + value + "'");
    }

    @Test
    void linkNotificationsAreOffByDefault() {
        assertThat(fromEnvironment(Map.of()).linkNotificationTopicArn()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-links", "arn:aws:sns:us-east-1:123456789012:links.fifo",
            "arn:aws:sqs:us-east-1:123456789012:links", "arn:aws:sns:us-east-1:1234:links"})
    void refusesANotificationTopicThatIsNotAStandardSnsTopicArn(String arn) {
        assertThat(problemsWith(Map.of("MERGE_LINK_NOTIFICATION_TOPIC_ARN", arn)))
                .contains("MERGE_LINK_NOTIFICATION_TOPIC_ARN must be a standard SNS topic ARN", "'" + arn + "'");
    }
}
