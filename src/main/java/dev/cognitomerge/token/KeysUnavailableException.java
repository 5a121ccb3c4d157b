package dev.cognitomerge.token;

/**
 * The issuer's discovery document or key set could not be read (network, status, size, shape), and no usable keys
 * are cached: nobody's token can be checked right now. Retriable; {@link #detail()} names the cause for the audit.
 */
public final class KeysUnavailableException extends Exception {

    private final String detail;

    public KeysUnavailableException(String detail) {
        super(detail, null, false, false);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
