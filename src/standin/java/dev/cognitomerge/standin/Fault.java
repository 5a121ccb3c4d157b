package dev.cognitomerge.standin;

import java.time.Duration;

/** What the stand-in does instead of answering normally, for fault-injection tests. */
public sealed interface Fault {

    /** An AWS JSON error: {@code {"__type": type, "message": message}} with the HTTP status. */
    record Error(int status, String type, String message) implements Fault {
    }

    /** Answer normally, but only after this delay. */
    record Delay(Duration delay) implements Fault {
    }

    /**
     * Make the change, then answer only after this delay: the operation took effect but its answer comes
     * late, or after the client gave up (a link whose answer is lost, so the trigger times out after linking).
     */
    record DelayedAnswer(Duration delay) implements Fault {
    }

    /** A 200 whose body is not JSON. */
    record MalformedBody() implements Fault {
    }

    /** Close the connection without an answer. */
    record Disconnect() implements Fault {
    }

    /** ListUsers: answer normally but always add a PaginationToken. */
    record EndlessPagination() implements Fault {
    }

    public static Fault throttled() {
        return new Error(400, "TooManyRequestsException", "Rate exceeded");
    }

    public static Fault internalError() {
        return new Error(500, "InternalErrorException", "Internal error");
    }
}
