package dev.cognitomerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.testing.Packaging;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Checks the function.zip a user deploys, whichever packaging the build made ({@link Packaging}): it holds what
 * its Lambda runtime starts, its manifest (function-package.json) tells the truth about runtime and architecture,
 * and the Cognito stand-in (dev mode and tests only) is not in it.
 */
class PackagedArtifactIT {

    static final String STAND_IN_PACKAGE = "dev/cognitomerge/standin/";
    static final Packaging PACKAGING = Packaging.built();

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

    static byte[] bootstrap() throws IOException {
        try (ZipFile file = new ZipFile(functionZip().toFile());
                InputStream in = file.getInputStream(file.getEntry("bootstrap"))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theFunctionZipHoldsWhatItsRuntimeStarts() throws IOException {
        List<String> entries = entries(functionZip());
        switch (PACKAGING) {
            // java21 loads the handler class named in the function's configuration
            case JVM -> assertThat(entries)
                    .anyMatch(name -> name.endsWith("dev/cognitomerge/PreSignUpHandler.class"))
                    .anyMatch(name -> name.endsWith("io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class"))
                    .doesNotContain("bootstrap");
            // provided.al2023 runs an executable named bootstrap at the top of the zip, and nothing else is needed
            case NATIVE -> {
                assertThat(entries).containsExactly("bootstrap");
                byte[] elf = bootstrap();
                assertThat(new String(elf, 1, 3, StandardCharsets.US_ASCII)).as("ELF magic").isEqualTo("ELF");
            }
        }
    }

    @Test
    void theFunctionZipHoldsTheSelfServiceHandlerAndItsJoseLibrary() throws IOException {
        // QUARKUS_LAMBDA_HANDLER=self-service-link selects it in the same package (terraform/modules/self-service-link)
        switch (PACKAGING) {
            case JVM -> assertThat(entries(functionZip()))
                    .anyMatch(name -> name.endsWith("dev/cognitomerge/SelfServiceLinkHandler.class"))
                    .anyMatch(name -> name.endsWith("com/nimbusds/jose/crypto/RSASSAVerifier.class"))
                    .anyMatch(name -> name.endsWith("com/nimbusds/jose/crypto/ECDSAVerifier.class"));
            // The handler's name is the key Quarkus selects it by at run time
            case NATIVE -> assertThat(contains(bootstrap(), "self-service-link")).as("handler name").isTrue();
        }
    }

    @Test
    void aNativeBootstrapIsMarkedExecutableInTheZip() throws IOException {
        Map<String, Integer> modes = unixModes(functionZip());
        if (PACKAGING == Packaging.NATIVE) {
            // Lambda keeps the zip's mode: without the x bits the runtime cannot start, and every sign-up fails
            assertThat(modes.get("bootstrap") & 0111).as("bootstrap mode %o", modes.get("bootstrap")).isEqualTo(0111);
        } else {
            assertThat(modes).doesNotContainKey("bootstrap").isNotEmpty();
        }
    }

    /**
     * The native executable's size budget (issue 20): under 50,000,000 bytes, which is also what Lambda unpacks and
     * maps at every cold start. A library or setting that adds to it shows here first; {@code -Dnative.size.budget=}
     * moves the line for a toolchain that builds larger (another GraalVM or Mandrel release).
     */
    @Test
    void theNativeExecutableStaysWithinItsSizeBudget() throws IOException {
        assumeTrue(PACKAGING == Packaging.NATIVE, "a native build only (./mvnw verify -Dnative)");
        long budget = Long.getLong("native.size.budget", 50_000_000L);
        long size = bootstrap().length;
        System.out.printf("native executable: %,d bytes (budget %,d)%n", size, budget);
        assertThat(size).as("bootstrap bytes").isLessThan(budget);
    }

    @Test
    void theManifestBesideTheZipNamesItsPackagingAndTheArchitectureItRunsOn() throws IOException {
        Path manifest = functionZip().resolveSibling("function-package.json");
        assertThat(manifest).as("the build writes it next to function.zip").exists();
        JsonNode json = new ObjectMapper().readTree(manifest.toFile());

        assertThat(json.path("packaging").asText()).isEqualTo(PACKAGING.manifestName());
        // A native executable is built for the machine that builds it (no cross-compilation here); bytecode runs
        // on either Lambda architecture.
        String expected = PACKAGING == Packaging.JVM ? "any" : lambdaArchitecture(System.getProperty("os.arch"));
        assertThat(json.path("architecture").asText()).isEqualTo(expected);
    }

    @Test
    void theFunctionZipHoldsNoPartOfTheCognitoStandIn() throws IOException {
        if (PACKAGING == Packaging.NATIVE) {
            // Compiled into one executable: no class of the stand-in may have been reachable
            assertThat(contains(bootstrap(), "dev.cognitomerge.standin")).as("stand-in in the executable").isFalse();
            // (Not the path form "dev/cognitomerge/standin": it is in the executable as the value of
            // quarkus.package.jar.user-configured-ignored-entries, a configuration string, not code.)
            assertThat(contains(bootstrap(), "dev.cognitomerge.standin.CognitoStandIn")).as("stand-in class").isFalse();
            return;
        }
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
        if (PACKAGING == Packaging.NATIVE) {
            // The seed's pool id appears nowhere else in the project's main code
            assertThat(contains(bootstrap(), "us-east-1_DevPool01")).isFalse();
            return;
        }
        assertThat(entries(functionZip())).noneMatch(name -> name.endsWith("dev-users.json"));
    }

    @Test
    void theFunctionZipHoldsNoPartOfTheOperatorCommands() throws IOException {
        // The operator commands run with an operator's credentials, never in the function or with its role.
        if (PACKAGING == Packaging.NATIVE) {
            assertThat(contains(bootstrap(), "dev.cognitomerge.operator")).as("operator in the executable").isFalse();
            return;
        }
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

    static String lambdaArchitecture(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("Lambda has no architecture for os.arch " + osArch);
        };
    }

    static boolean contains(byte[] haystack, String needle) {
        byte[] bytes = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= haystack.length - bytes.length; i++) {
            for (int j = 0; j < bytes.length; j++) {
                if (haystack[i + j] != bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The Unix mode of each entry, from the zip's central directory (external attributes, high 16 bits, for entries
     * made on Unix). java.util.zip does not expose it, so the directory is read as the ZIP format (APPNOTE 4.3.12,
     * 4.3.16) lays it out.
     */
    static Map<String, Integer> unixModes(Path zip) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        int end = -1;
        for (int i = data.limit() - 22; i >= Math.max(0, data.limit() - 22 - 65_535); i--) {
            if (data.getInt(i) == 0x06054b50) {
                end = i;
                break;
            }
        }
        assertThat(end).as("end of central directory record").isNotNegative();
        int entries = Short.toUnsignedInt(data.getShort(end + 10));
        int offset = data.getInt(end + 16);
        Map<String, Integer> modes = new LinkedHashMap<>();
        for (int n = 0; n < entries; n++) {
            assertThat(data.getInt(offset)).as("central directory header").isEqualTo(0x02014b50);
            int nameLength = Short.toUnsignedInt(data.getShort(offset + 28));
            int extraLength = Short.toUnsignedInt(data.getShort(offset + 30));
            int commentLength = Short.toUnsignedInt(data.getShort(offset + 32));
            int external = data.getInt(offset + 38);
            byte[] name = new byte[nameLength];
            data.get(offset + 46, name);
            modes.put(new String(name, StandardCharsets.UTF_8), external >>> 16);
            offset += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }
}
