package dev.cognitomerge.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.audit.AuditLog;
import dev.cognitomerge.config.MergeSettings;
import java.util.ArrayList;
import java.util.List;

/** The real audit writer with its lines kept as written, and not printed: property runs write thousands. */
final class RecordingAuditLog extends AuditLog {

    private final List<String> lines = new ArrayList<>();

    RecordingAuditLog(ObjectMapper json, MergeSettings settings) {
        super(json, settings);
    }

    @Override
    protected synchronized void emit(String line) {
        lines.add(line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized void clear() {
        lines.clear();
    }
}
