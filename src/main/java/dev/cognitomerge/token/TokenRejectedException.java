package dev.cognitomerge.token;

/**
 * A token that is not what it claims to be, or not for us: forged, altered, expired, of another issuer or client.
 * {@link #detail()} is a short, secret-free name for the audit record (never the token or a claim value); the person
 * only ever sees the generic invalid-token sentence.
 */
public final class TokenRejectedException extends Exception {

    private final String detail;

    public TokenRejectedException(String detail) {
        super(detail, null, false, false);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
