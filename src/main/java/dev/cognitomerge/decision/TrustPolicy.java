package dev.cognitomerge.decision;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated trust settings (built from {@code MergeConfig} at start), beside {@link LinkPolicy}.
 *
 * @param protectedGroups group names (exact, as Cognito compares them) whose members are never linked
 *        automatically in {@link ProtectionMode#MFA_AND_GROUPS}
 * @param protectedAccountMessage the text a refused protected owner sees
 * @param providers per-provider trust, keyed by the configured provider name; a provider without an entry
 *        uses the global settings of {@link LinkPolicy}
 */
public record TrustPolicy(
        ProtectionMode protectedAccounts,
        Set<String> protectedGroups,
        String protectedAccountMessage,
        SecondIdentityAction onSecondIdentity,
        Map<String, ProviderTrust> providers) {

    public static final String DEFAULT_PROTECTED_ACCOUNT_MESSAGE =
            "This account is protected. Please keep signing in the way you usually do.";

    /** The defaults of the configuration: protect MFA accounts, refuse a second identity of one provider. */
    public static final TrustPolicy DEFAULTS = new TrustPolicy(ProtectionMode.MFA, Set.of(),
            DEFAULT_PROTECTED_ACCOUNT_MESSAGE, SecondIdentityAction.REFUSE, Map.of());

    public TrustPolicy {
        protectedGroups = Set.copyOf(protectedGroups);
        providers = Map.copyOf(providers);
    }

    /** The provider's own trust, matched case-insensitively as provider names are. */
    public Optional<ProviderTrust> providerTrust(String providerName) {
        String wanted = providerName.toLowerCase(Locale.ROOT);
        return providers.entrySet().stream()
                .filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** True when the owner must not be linked automatically under this policy. */
    boolean protects(OwnerProtection owner) {
        return switch (protectedAccounts) {
            case OFF -> false;
            case MFA -> owner.mfaRegistered();
            case MFA_AND_GROUPS -> owner.mfaRegistered() || inProtectedGroup(owner.groups());
        };
    }

    private boolean inProtectedGroup(List<String> groups) {
        return groups.stream().anyMatch(protectedGroups::contains);
    }
}
