package dev.cognitomerge.docs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.operator.OperatorMain;
import dev.cognitomerge.standin.DevCognitoStandIn;
import dev.cognitomerge.testing.CapturingAuditLog;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The offline repair walk-through runs as written. It reads the fenced blocks between
 * {@code <!-- walkthrough:begin -->} and {@code <!-- walkthrough:end -->} of the README (the short path on the front page) and of docs/repair-walkthrough.md
 * (the same path explained, with every output), each from a freshly seeded stand-in, and runs every command
 * in order against the function under the dev profile, whose stand-in is seeded from src/standin/dev-users.json, as
 * {@code ./mvnw quarkus:dev} is: the operator jar's commands in-process (stdout a terminal, as for the reader), the
 * {@code curl} steps against the Lambda mock event server. A ```text block after a command is its expected output:
 * every line but {@code ...} must appear (spacing aside; a line ending in {@code ...} shows the beginning of one); for a
 * sign-in, the audit line's outcome, reason and
 * destination. Three things are substituted, because this test cannot take fixed ports or a shared file: the
 * stand-in's address ({@code http://127.0.0.1:<the -Dstand-in.port of the quarkus:dev line>}), {@code localhost:8080},
 * and {@code /tmp/}. The two {@code ./mvnw} lines are what this test itself stands for: it checks their wording only.
 */
@QuarkusTest
@TestProfile(RepairWalkthroughTest.DevProfile.class)
class RepairWalkthroughTest {

    static final String BEGIN = "<!-- walkthrough:begin -->";
    static final String END = "<!-- walkthrough:end -->";
    static final String JAR = "java -jar target/operator/cognito-merge-operator.jar ";
    static final List<String> SETUP = List.of("./mvnw -q package -DskipTests", "./mvnw quarkus:dev -Dstand-in.port=");
    public static class DevProfile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "dev";
        }
    }

    record Step(String command, List<String> expected) {
    }

    @Inject
    ObjectMapper json;

    @Inject
    MergeSettings settings;

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/repair-walkthrough.md"})
    void everyCommandOfTheWalkthroughRunsAsWrittenAndPrintsWhatItShows(String page) throws IOException {
        // GIVEN the walk-through's commands, and the function with the dev seed as a fresh quarkus:dev loads it
        Path walkthrough = Path.of(page);
        Arc.container().instance(DevCognitoStandIn.class).get().reseed();
        List<Step> steps = steps(walkthrough, Files.readString(walkthrough));
        assertThat(steps).extracting(Step::command).anyMatch(command -> command.startsWith(JAR + "reconcile"))
                .anyMatch(command -> command.startsWith(JAR + "unlink")).anyMatch(command -> command.startsWith("curl "));
        CapturingAuditLog audit = CapturingAuditLog.install(json, settings);
        String endpoint = Arc.container().instance(DevCognitoStandIn.class).get().endpoint().toString();
        String docEndpoint = null;
        int checked = 0;
        // (@TempDir is not injected into a @QuarkusTest's fields)
        Path tmp = Files.createTempDirectory("walkthrough");

        for (Step step : steps) {
            String command = step.command();
            // WHEN each runs as written; THEN it succeeds and prints what the page shows
            if (command.startsWith("./mvnw")) {
                assertThat(SETUP).as("a setup line this test stands for: " + command).anyMatch(command::startsWith);
                Matcher port = Pattern.compile("-Dstand-in\\.port=(\\d+)").matcher(command);
                if (port.find()) {
                    docEndpoint = "http://127.0.0.1:" + port.group(1);
                }
            } else if (command.startsWith(JAR)) {
                assertThat(docEndpoint).as("quarkus:dev -Dstand-in.port=... comes first").isNotNull();
                assertThat(command).contains("--endpoint-url " + docEndpoint);
                String[] args = command.substring(JAR.length()).replace(docEndpoint, endpoint)
                        .replace("/tmp/", tmp.toString() + "/").trim().split(" +");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int exit = OperatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), true);
                String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
                assertThat(exit).as(command + "\n" + printed).isZero();
                List<String> lines = printed.lines().map(RepairWalkthroughTest::spaced).toList();
                for (String expected : step.expected()) {
                    if (expected.equals("...")) {
                        continue;
                    }
                    // A line that ends in "..." shows the beginning of a longer one.
                    String shown = spaced(expected);
                    boolean prefix = shown.endsWith("...");
                    String wanted = prefix ? shown.substring(0, shown.length() - 3) : shown;
                    assertThat(lines).as(command + " prints\n" + printed + "\nexpected: " + shown)
                            .anyMatch(line -> prefix ? line.startsWith(wanted) : line.equals(wanted));
                    checked++;
                }
            } else if (command.startsWith("curl ")) {
                Matcher file = Pattern.compile("-d @(\\S+) localhost:8080$").matcher(command);
                assertThat(file.find()).as("curl -s -d @<event file> localhost:8080: " + command).isTrue();
                String event = Files.readString(Path.of(file.group(1)));
                given().contentType("application/json").body(event).when().post().then().statusCode(200);
                JsonNode line = audit.last();
                for (String expected : step.expected()) {
                    Matcher field = Pattern.compile("\"(outcome|reason|destination)\":\"([^\"]*)\"").matcher(expected);
                    while (field.find()) {
                        assertThat(line.path(field.group(1)).asText()).as(command + ": " + field.group(1))
                                .isEqualTo(field.group(2));
                        checked++;
                    }
                }
            } else {
                throw new AssertionError("the walk-through has a command this test cannot run: " + command);
            }
        }
        try (var files = Files.list(tmp)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(tmp);
        System.out.println("walkthrough: " + steps.size() + " commands of " + walkthrough + " ran, " + checked
                + " expected lines and fields matched");
    }

    /** The commands of the fenced bash blocks between the markers, each with the text block that follows it. */
    static List<Step> steps(Path walkthrough, String page) {
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertThat(begin).as(walkthrough + " has " + BEGIN).isNotNegative();
        assertThat(end).as(walkthrough + " has " + END).isGreaterThan(begin);
        List<Step> steps = new ArrayList<>();
        Matcher block = Pattern.compile("```(bash|text)\\n(.*?)```", Pattern.DOTALL).matcher(page.substring(begin, end));
        while (block.find()) {
            List<String> lines = block.group(2).lines().filter(line -> !line.isBlank()).toList();
            if (block.group(1).equals("bash")) {
                lines.stream().filter(line -> !line.startsWith("#")).forEach(line -> steps.add(new Step(line.trim(),
                        new ArrayList<>())));
            } else {
                assertThat(steps).as("a text block follows a command").isNotEmpty();
                steps.get(steps.size() - 1).expected().addAll(lines);
            }
        }
        return steps;
    }

    private static String spaced(String line) {
        return line.trim().replaceAll("\\s+", " ");
    }
}
