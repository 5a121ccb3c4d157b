package dev.cognitomerge.decision;

/** One entry of a user's {@code identities} attribute: an IdP identity already linked to the user. */
public record LinkedIdentity(String providerName, String userId) {
}
