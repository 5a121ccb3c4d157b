package dev.cognitomerge.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/runbook.md and terraform/modules/monitoring say the same thing: every query a person is told
 * to paste is, character for character, one the module saves in the console (queries/), every query the runbook
 * says is saved exists, and every alarm the module creates by default has its row and its section.
 */
class RunbookQueriesTest {

    static final Path RUNBOOK = Path.of("docs/runbook.md");
    static final Path MODULE = Path.of("terraform/modules/monitoring");
    static final Pattern CODE_BLOCK = Pattern.compile("(?s)```\\n(.*?)\\n```");
    static final Pattern SAVED_AS = Pattern.compile("saved as `([a-z-]+)`");

    String runbook;
    Map<String, String> savedQueries;
    List<String> alarmedReasons;

    @BeforeEach
    void readRunbookAndModuleQueries() throws IOException {
        runbook = Files.readString(RUNBOOK);
        assertThat(runbook).as("docs/runbook.md is the runbook").startsWith("# Alarms and runbook\n");

        JsonNode contract = new ObjectMapper().readTree(MODULE.resolve("emf-contract.json").toFile());
        alarmedReasons = new ArrayList<>();
        contract.path("reasons").forEach(r -> alarmedReasons.add(r.asText()));

        // What the module saves: queries/*.logsinsights by file name, and the reason template for each default reason.
        savedQueries = new HashMap<>();
        try (Stream<Path> files = Files.list(MODULE.resolve("queries"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".logsinsights")).toList()) {
                savedQueries.put(file.getFileName().toString().replace(".logsinsights", ""), Files.readString(file).strip());
            }
        }
        String template = Files.readString(MODULE.resolve("queries/reason.logsinsights.tftpl")).strip();
        for (String reason : alarmedReasons) {
            savedQueries.put("refused-" + reason,
                    template.replace("${outcome}", "refused").replace("${reason}", reason));
        }
    }

    @Test
    void everyQueryToPasteIsOneTheModuleSaves() {
        // GIVEN the runbook's code blocks
        Matcher blocks = CODE_BLOCK.matcher(runbook);
        List<String> queries = new ArrayList<>();
        while (blocks.find()) {
            queries.add(blocks.group(1).strip());
        }

        // THEN there is at least one per alarm section, and each is exactly a saved query
        assertThat(queries).hasSizeGreaterThanOrEqualTo(7);
        assertThat(savedQueries.values()).containsAll(queries);
    }

    @Test
    void everyQueryTheRunbookCallsSavedExists() {
        // GIVEN the names the runbook gives ("saved as `...`")
        Matcher names = SAVED_AS.matcher(runbook);
        List<String> named = new ArrayList<>();
        while (names.find()) {
            named.add(names.group(1));
        }

        // THEN the module saves a query under each name
        assertThat(named).isNotEmpty();
        assertThat(savedQueries).containsKeys(named.toArray(String[]::new));
    }

    @Test
    void everyDefaultAlarmHasATableRowAndASection() {
        // GIVEN the alarms the module creates by default
        List<String> alarms = new ArrayList<>(List.of("unexplained-errors", "throttles", "duration-p99", "cognito-throttles"));
        alarmedReasons.forEach(reason -> alarms.add("refused-" + reason));

        // THEN each is in the table and has its own "what it means / confirm / do" section
        for (String alarm : alarms) {
            assertThat(runbook).as("table row of %s", alarm).contains("| `" + alarm + "` |");
            assertThat(runbook).as("section of %s", alarm).contains("\n### " + alarm + "\n");
        }
    }
}
