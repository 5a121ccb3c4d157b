package dev.cognitomerge.audit;

/**
 * One event's audit record. It holds no token, secret or full email: only what an operator needs to see
 * what the trigger did and why.
 *
 * @param provider the configured provider name, or null when the event named none we link
 * @param destination the native username chosen (masked by {@link EmailMask} when it is an email), or null
 * @param maskedEmail the event's email masked by {@link EmailMask}, or null
 * @param failure a short name of the Cognito failure behind lookup-failed, or null
 * @param notification what became of the link notification: "sent", "failed-&lt;reason&gt;", or null when none
 *        was due (no link, or notifications off)
 * @param cognitoThrottles throttled Cognito answers (TooManyRequestsException) the event met, retries included
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
        String failure,
        String notification,
        int cognitoThrottles) {

    /** A record without a notification (the shape before link notifications existed). */
    public AuditRecord(String triggerSource, String provider, String outcome, String reason, String destination,
            String maskedEmail, boolean dryRun, int cognitoCalls, long durationMillis, String failure) {
        this(triggerSource, provider, outcome, reason, destination, maskedEmail, dryRun, cognitoCalls, durationMillis,
                failure, null, 0);
    }

    /** A record of an event that met no throttling (the shape before CognitoThrottles existed). */
    public AuditRecord(String triggerSource, String provider, String outcome, String reason, String destination,
            String maskedEmail, boolean dryRun, int cognitoCalls, long durationMillis, String failure,
            String notification) {
        this(triggerSource, provider, outcome, reason, destination, maskedEmail, dryRun, cognitoCalls, durationMillis,
                failure, notification, 0);
    }
}
