package dev.cognitomerge.cognito;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The moment an invocation must have answered by: the Lambda deadline minus a margin, capped by the
 * configured budget. Cognito waits 5 s for the trigger and then retries it (docs/cognito-facts.md#trigger-budget), so
 * every Cognito call gets only what is left of this.
 */
public final class Deadline {

    private final long endNanos;
    private final LongSupplier nanoClock;

    private Deadline(long endNanos, LongSupplier nanoClock) {
        this.endNanos = endNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * @param lambdaRemaining what the Lambda context says is left; zero or negative when unknown
     */
    public static Deadline of(Duration budget, Duration lambdaRemaining, Duration margin, LongSupplier nanoClock) {
        Duration allowed = budget;
        if (lambdaRemaining.compareTo(Duration.ZERO) > 0) {
            Duration beforeLambdaDeadline = lambdaRemaining.minus(margin);
            if (beforeLambdaDeadline.compareTo(allowed) < 0) {
                allowed = beforeLambdaDeadline.isNegative() ? Duration.ZERO : beforeLambdaDeadline;
            }
        }
        return new Deadline(nanoClock.getAsLong() + allowed.toNanos(), nanoClock);
    }

    public Duration remaining() {
        long left = endNanos - nanoClock.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }
}
