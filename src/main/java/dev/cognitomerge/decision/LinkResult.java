package dev.cognitomerge.decision;

/** What AdminLinkProviderForUser answered, in the terms the decision needs. */
public enum LinkResult {
    LINKED,
    /** Cognito says the source is already linked to this destination: a re-delivered event. */
    ALREADY_LINKED,
    /** The destination already has the maximum number of linked identities. */
    LIMIT_EXCEEDED
}
