package dev.cognitomerge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.standin.CognitoStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator jar as an operator runs it ({@code java -jar target/operator/cognito-merge-operator.jar}), in its own
 * JVM with its own class path (target/operator/lib), no AWS settings in its environment and an empty home: help
 * exits 0, no SLF4J warning is printed (the jar's own SLF4J provider, QuietLogging), a loopback endpoint needs no
 * credentials, and json output is JSON only.
 */
class OperatorJarIT {

    static final Path JAR = Path.of("target/operator/cognito-merge-operator.jar");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    CognitoStandIn standIn;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void startStandInWithTheDevSeed() throws IOException {
        assertThat(JAR).as("run `./mvnw package` first").exists();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn = CognitoStandIn.start(seed, 0);
        }
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    Run jar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("HOME", home.toString());
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpExitsZeroAndNamesEveryCommand() throws Exception {
        Run help = jar("--help");
        Run reconcileHelp = jar("reconcile", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("doctor", "reconcile", "link", "unlink", "--output table|json", "Exit codes:");
        assertThat(reconcileHelp.exitCode()).isZero();
        assertThat(reconcileHelp.stdout()).contains("--copy-groups NAME[,NAME...]", "--protected-accounts", "Examples:");
        assertThat(help.stderr() + reconcileHelp.stderr()).isEmpty();
    }

    @Test
    void doctorAgainstTheStandInNeedsNoCredentialsAndPrintsNoSlf4jWarning() throws Exception {
        Run doctor = jar("doctor", "--user-pool-id", "us-east-1_DevPool01", "--endpoint-url",
                standIn.endpoint().toString(), "--rate", "100");

        assertThat(doctor.exitCode()).as(doctor.stderr()).isZero();
        assertThat(doctor.stderr()).doesNotContain("SLF4J").doesNotContain("Exception");
        List<String> lines = doctor.stdout().lines().toList();
        for (String line : lines) {
            assertThat(JSON.readTree(line).isObject()).as("stdout is not a terminal: json only, " + line).isTrue();
        }
        JsonNode summary = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(summary.path("summary").asText()).isEqualTo("doctor");
        assertThat(summary.path("fail").asInt()).isZero();
    }

    @Test
    void aUsageErrorExitsTwoWithTheCommandsUsage() throws Exception {
        Run wrong = jar("reconcile", "--user-pool-id", "us-east-1_DevPool01", "--copy-groups");

        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.stdout()).isEmpty();
        assertThat(wrong.stderr()).startsWith("error: --copy-groups needs a value").contains("Usage:")
                .doesNotContain("SLF4J");
    }
}
