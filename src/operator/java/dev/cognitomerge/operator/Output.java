package dev.cognitomerge.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Standard output: one JSON object a line while working, then a table for people. */
final class Output {

    private final ObjectMapper json;
    private final PrintStream out;

    Output(ObjectMapper json, PrintStream out) {
        this.json = json;
        this.out = out;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    void line(ObjectNode line) {
        try {
            out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** A left-aligned table: the first row is the header. */
    void table(List<String[]> rows) {
        if (rows.isEmpty()) {
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
