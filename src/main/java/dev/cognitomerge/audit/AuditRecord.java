package dev.cognitomerge.audit;

/**
 * One event's audit record. It holds no token, secret or full email: only what an operator needs to see
 * what the trigger did and why.
 *
 * @param provider the configured provider name, or null when the event named none we link
 * @param destination the native username chosen (masked by {@link EmailMask} when it is an email), or null
 * @param maskedEmail the event's email masked by {@link EmailMask}, or null
 * @param failure a short name of the Cognito failure behind lookup-failed, or null
 */
public record AuditRecord(
        String triggerSource,
        String provider,
        String outcome,
        String reason,
        String destination,
        String maskedEmail,
        boolean dryRun,
        int cognitoCalls,
        long durationMillis,
        String failure) {
}
