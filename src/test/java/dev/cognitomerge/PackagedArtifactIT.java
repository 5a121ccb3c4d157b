package dev.cognitomerge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Checks the function.zip a user deploys: the handler is in it, and the Cognito stand-in (dev mode and
 * tests only) is not, in the zip or in any jar inside it.
 */
class PackagedArtifactIT {

    static final String STAND_IN_PACKAGE = "dev/cognitomerge/standin/";

    static Path functionZip() {
        Path zip = Path.of(System.getProperty("function.zip", "target/function.zip"));
        assertThat(zip).as("run `./mvnw package` first").exists();
        return zip;
    }

    /** Every entry name, including those of jars nested one level deep ("lib/x.jar!/a/B.class"). */
    static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                names.add(entry.getName());
                if (entry.getName().endsWith(".jar")) {
                    try (ZipInputStream nested = new ZipInputStream(file.getInputStream(entry))) {
                        for (ZipEntry inner = nested.getNextEntry(); inner != null; inner = nested.getNextEntry()) {
                            names.add(entry.getName() + "!/" + inner.getName());
                        }
                    }
                }
            }
        }
        return names;
    }

    @Test
    void theFunctionZipHoldsTheHandler() throws IOException {
        assertThat(entries(functionZip())).anyMatch(name -> name.endsWith("dev/cognitomerge/PreSignUpHandler.class"));
    }

    @Test
    void theFunctionZipHoldsNoPartOfTheCognitoStandIn() throws IOException {
        // Files only: the jar builder still writes the (empty) directory entry, which carries no code.
        List<String> leaked = entries(functionZip()).stream()
                .filter(name -> name.contains(STAND_IN_PACKAGE) && !name.endsWith("/"))
                .toList();

        assertThat(leaked)
                .as("stand-in classes in function.zip: add each to quarkus.package.jar.user-configured-ignored-entries")
                .isEmpty();
    }

    @Test
    void theStandInIsCompiledSoTheCheckAboveIsNotVacuous() {
        assertThat(Files.exists(Path.of("target/classes/" + STAND_IN_PACKAGE + "CognitoStandIn.class"))).isTrue();
    }

    @Test
    void theDevSeedDoesNotShip() throws IOException {
        assertThat(entries(functionZip())).noneMatch(name -> name.endsWith("dev-users.json"));
    }

    @Test
    void theFunctionZipHoldsNoPartOfTheOperatorCommands() throws IOException {
        // The operator commands run with an operator's credentials, never in the function or with its role.
        assertThat(entries(functionZip())).noneMatch(name -> name.contains("dev/cognitomerge/operator/"));
    }

    @Test
    void theOperatorJarHoldsTheCommandsAndTheDecisionTheyReuse() throws IOException {
        Path jar = Path.of("target/operator/cognito-merge-operator.jar");
        assertThat(jar).as("built by ./mvnw package").exists();

        assertThat(entries(jar)).contains("dev/cognitomerge/operator/OperatorMain.class",
                "dev/cognitomerge/decision/LinkRules.class").noneMatch(name -> name.contains("standin/"));
    }

    @Test
    void theOperatorJarRunsAndAnswersAWrongCommandLineWithAUsageError() throws Exception {
        // GIVEN the packaged jar, started as the README shows
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                "target/operator/cognito-merge-operator.jar", "reconcile", "--user-pool-id", "bad id")
                .redirectErrorStream(true).start();

        // WHEN it finishes
        boolean finished = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes());

        // THEN its classes and dependencies load, and it exits 2 with one sentence
        assertThat(finished).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).startsWith("error: --user-pool-id must look like");
    }
}
