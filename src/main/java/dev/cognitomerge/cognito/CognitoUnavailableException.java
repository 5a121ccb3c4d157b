package dev.cognitomerge.cognito;

/**
 * Cognito could not give an answer we can act on: throttled past the retries, timed out, a server
 * error, an unexpected error code, or a page loop that did not end. {@link #detail()} names it for the
 * audit record; the person signing in only ever sees the generic refusal text.
 */
public final class CognitoUnavailableException extends Exception {

    private final String detail;

    public CognitoUnavailableException(String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
