package dev.cognitomerge.http;

/** The HTTP event or its body is not what the endpoint takes; {@link #getMessage()} is a short secret-free detail. */
public final class InvalidRequestException extends Exception {

    private final int status;

    public InvalidRequestException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
