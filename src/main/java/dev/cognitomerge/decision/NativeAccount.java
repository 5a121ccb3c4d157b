package dev.cognitomerge.decision;

import java.util.List;

/**
 * The native user as AdminGetUser shows it now (not as the token remembers it).
 *
 * @param status Cognito's UserStatus as sent
 * @param identities the parsed {@code identities} attribute (empty when it has none)
 * @param unlinked the parsed {@code custom:merge_unlinked} attribute: identities an operator unlinked from this user
 * @param unlinkedReadable false when {@code custom:merge_unlinked} holds something that is not that JSON array: then
 *        nobody can tell what the operator removed, and nothing is linked
 */
public record NativeAccount(String username, String status, boolean enabled, String email, boolean emailVerified,
        List<LinkedIdentity> identities, List<LinkedIdentity> unlinked, boolean unlinkedReadable) {

    public NativeAccount {
        identities = identities == null ? List.of() : List.copyOf(identities);
        unlinked = unlinked == null ? List.of() : List.copyOf(unlinked);
    }
}
