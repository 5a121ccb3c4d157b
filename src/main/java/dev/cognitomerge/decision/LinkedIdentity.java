package dev.cognitomerge.decision;

/**
 * One identity as Cognito's {@code identities} attribute (and the function's {@code custom:merge_created} and
 * {@code custom:merge_unlinked}) write it: the provider name and the IdP subject ({@code userId}).
 */
public record LinkedIdentity(String providerName, String userId) {

    /**
     * The trigger's identity matching: the provider name in any case (Cognito may lower-case {@code userName}, and
     * provider names are matched case-insensitively everywhere), the subject exactly (an IdP subject is an opaque,
     * case-sensitive id).
     */
    public boolean names(FederatedIdentity identity) {
        return providerName != null && userId != null && identity.providerName().equalsIgnoreCase(providerName)
                && identity.subject().equals(userId);
    }
}
