package dev.cognitomerge.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Data on stdout, people on stderr (aws-cli's {@code --output}). {@code json}: stdout holds only JSON, one object
 * a line per row, then one summary object ({@code "summary": "<command>"}), so {@code | jq} always works.
 * {@code table}: stdout holds the tables. Warnings and progress go to stderr in both.
 */
final class Output {

    private final ObjectMapper json;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean jsonMode;
    private final Progress progress;

    Output(ObjectMapper json, PrintStream out, PrintStream err, boolean jsonMode, Progress progress) {
        this.json = json;
        this.out = out;
        this.err = err;
        this.jsonMode = jsonMode;
        this.progress = progress;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    boolean jsonMode() {
        return jsonMode;
    }

    Progress progress() {
        return progress;
    }

    /** One row: a JSON line in json mode (the command keeps the row for its table otherwise). */
    void row(ObjectNode line) {
        if (jsonMode) {
            print(line);
        }
    }

    /** The last JSON line of a json run: counts and figures of the whole command. */
    void summary(ObjectNode summary) {
        if (jsonMode) {
            print(summary);
        }
    }

    /** A sentence for people, whatever the mode: stderr. */
    void warn(String sentence) {
        err.println("warning: " + sentence);
        err.flush();
    }

    private void print(ObjectNode line) {
        try {
            out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** A left-aligned table on stdout in table mode (nothing in json mode): the first row is the header. */
    void table(List<String[]> rows) {
        if (jsonMode || rows.size() < 2) {
            return;
        }
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], String.valueOf(row[c]).length());
            }
        }
        out.println();
        List<String[]> withRule = new ArrayList<>(rows);
        String[] rule = new String[columns];
        for (int c = 0; c < columns; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        withRule.add(1, rule);
        for (String[] row : withRule) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = String.valueOf(row[c]);
                text.append(cell);
                if (c < columns - 1) {
                    text.append(" ".repeat(widths[c] - cell.length() + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }
}
