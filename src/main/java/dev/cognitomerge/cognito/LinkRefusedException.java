package dev.cognitomerge.cognito;

/**
 * Cognito answered AdminLinkProviderForUser with InvalidParameterException after every rule allowed the link: the
 * source is not linkable to that destination (it belongs to another user, or signed in on its own since we looked).
 * Decided by the error code, never by its message. A refusal to tell the person, not an outage to retry.
 */
public final class LinkRefusedException extends Exception {

    public LinkRefusedException(Throwable cause) {
        super("link-InvalidParameterException", cause, false, false);
    }
}
