package dev.cognitomerge.operator;

/**
 * Spaces calls evenly at no more than {@code perSecond}: the operator shares the account's Cognito request
 * quotas with the live trigger and the applications, so it must never take a burst of them
 * (docs/cognito-facts.md#operator-request-quotas).
 */
final class RateLimiter {

    private final long intervalNanos;
    private long next = System.nanoTime();

    RateLimiter(double perSecond) {
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
    }

    synchronized void acquire() {
        long now = System.nanoTime();
        long wait = next - now;
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        next = Math.max(now, next) + intervalNanos;
    }
}
