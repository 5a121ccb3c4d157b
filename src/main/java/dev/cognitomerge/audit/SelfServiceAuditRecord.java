package dev.cognitomerge.audit;

/**
 * One self-service link request's audit record. No token, claim value, secret or full email: what an operator needs
 * to see who linked what, or why not.
 *
 * @param status the HTTP status answered
 * @param provider the provider in the pool's spelling once recognised, else null
 * @param destination the native username (masked by {@link EmailMask} when it is an email), or null
 * @param maskedEmail the email of the identity token, masked, or null
 * @param failure a short secret-free name of what failed (which token and why, or the Cognito failure), or null
 * @param notification "sent", "failed-&lt;reason&gt;", or null when none was due
 */
public record SelfServiceAuditRecord(
        String outcome,
        String reason,
        int status,
        String provider,
        String destination,
        String maskedEmail,
        boolean dryRun,
        int cognitoCalls,
        long durationMillis,
        String failure,
        String notification) {
}
