package dev.cognitomerge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.audit.AuditLog;
import dev.cognitomerge.config.MergeSettings;
import io.quarkus.test.junit.QuarkusMock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The real audit writer, with its lines kept in memory as well as printed. */
public class CapturingAuditLog extends AuditLog {

    private final ObjectMapper json;
    private final List<JsonNode> lines = new ArrayList<>();

    public CapturingAuditLog(ObjectMapper json, MergeSettings settings) {
        super(json, settings);
        this.json = json;
    }

    /** A fresh capturing log, installed in place of the application's for the current test. */
    public static CapturingAuditLog install(ObjectMapper json, MergeSettings settings) {
        CapturingAuditLog audit = new CapturingAuditLog(json, settings);
        QuarkusMock.installMockForType(audit, AuditLog.class);
        return audit;
    }

    @Override
    protected synchronized void emit(String line) {
        super.emit(line);
        try {
            lines.add(json.readTree(line));
        } catch (IOException e) {
            throw new UncheckedIOException("audit line is not JSON: " + line, e);
        }
    }

    public synchronized List<JsonNode> lines() {
        return List.copyOf(lines);
    }

    public synchronized JsonNode last() {
        if (lines.isEmpty()) {
            throw new AssertionError("no audit line was written");
        }
        return lines.get(lines.size() - 1);
    }

    public synchronized void clear() {
        lines.clear();
    }
}
