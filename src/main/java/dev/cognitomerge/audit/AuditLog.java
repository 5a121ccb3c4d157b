package dev.cognitomerge.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.config.MergeSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Writes one JSON line per event to standard output: the audit fields, and in the same object the
 * CloudWatch Embedded Metric Format metadata ({@code _aws}) that turns it into counters per outcome and
 * reason with no extra API call. The line goes straight to stdout rather than through the JSON log
 * formatter, because EMF needs the object at the top level of the log event, not inside "message".
 */
@ApplicationScoped
public class AuditLog {

    private final ObjectMapper json;
    private final String namespace;
    private final Clock clock;

    public AuditLog(ObjectMapper json, MergeSettings settings) {
        this.json = json;
        this.namespace = settings.metricsNamespace();
        this.clock = Clock.systemUTC();
    }

    public void record(AuditRecord record) {
        emit(toJson(record));
    }

    /** Where the line goes; one {@code println} is one CloudWatch log event. */
    protected void emit(String line) {
        PrintStream out = System.out;
        out.println(line);
    }

    String toJson(AuditRecord record) {
        ObjectNode line = json.createObjectNode();
        line.put("audit", "pre-sign-up");
        line.put("outcome", record.outcome());
        line.put("reason", record.reason());
        line.put("triggerSource", record.triggerSource());
        line.put("provider", record.provider());
        line.put("destination", record.destination());
        line.put("email", record.maskedEmail());
        line.put("dryRun", record.dryRun());
        line.put("failure", record.failure());
        line.put("notification", record.notification());
        line.put("Events", 1);
        line.put("CognitoCalls", record.cognitoCalls());
        line.put("CognitoThrottles", record.cognitoThrottles());
        line.put("DurationMs", record.durationMillis());

        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add("outcome");
        dimensions.addArray().add("outcome").add("reason");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", "Events").put("Unit", "Count");
        metrics.addObject().put("Name", "CognitoCalls").put("Unit", "Count");
        // Every line, 0 included: the alarm's Sum then reads "no throttling" rather than "no data".
        metrics.addObject().put("Name", "CognitoThrottles").put("Unit", "Count");
        metrics.addObject().put("Name", "DurationMs").put("Unit", "Milliseconds");
        if (record.notification() != null) {
            // Only on lines that owed a notification, so the sum counts failures among links notified.
            line.put("NotificationFailures", record.notification().startsWith("failed") ? 1 : 0);
            metrics.addObject().put("Name", "NotificationFailures").put("Unit", "Count");
        }
        try {
            return json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serialises; keep the line's promise anyway.
            return "{\"audit\":\"pre-sign-up\",\"outcome\":\"" + record.outcome() + "\"}";
        }
    }

    /** One line per self-service link request (QUARKUS_LAMBDA_HANDLER=self-service-link). */
    public void record(SelfServiceAuditRecord record) {
        emit(toJson(record));
    }

    /**
     * The self-service line: its own audit type and metric names (SelfService*), with the trigger's dimension sets,
     * so its requests never count among the trigger's sign-ins and alarms (terraform/modules/monitoring/emf-contract.json,
     * "self_service").
     */
    String toJson(SelfServiceAuditRecord record) {
        ObjectNode line = json.createObjectNode();
        line.put("audit", "self-service-link");
        line.put("outcome", record.outcome());
        line.put("reason", record.reason());
        line.put("status", record.status());
        line.put("provider", record.provider());
        line.put("destination", record.destination());
        line.put("email", record.maskedEmail());
        line.put("dryRun", record.dryRun());
        line.put("failure", record.failure());
        line.put("notification", record.notification());
        line.put("SelfServiceRequests", 1);
        line.put("SelfServiceCognitoCalls", record.cognitoCalls());
        line.put("SelfServiceDurationMs", record.durationMillis());

        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add("outcome");
        dimensions.addArray().add("outcome").add("reason");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", "SelfServiceRequests").put("Unit", "Count");
        metrics.addObject().put("Name", "SelfServiceCognitoCalls").put("Unit", "Count");
        metrics.addObject().put("Name", "SelfServiceDurationMs").put("Unit", "Milliseconds");
        if (record.notification() != null) {
            line.put("SelfServiceNotificationFailures", record.notification().startsWith("failed") ? 1 : 0);
            metrics.addObject().put("Name", "SelfServiceNotificationFailures").put("Unit", "Count");
        }
        try {
            return json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            return "{\"audit\":\"self-service-link\",\"outcome\":\"" + record.outcome() + "\"}";
        }
    }
}
