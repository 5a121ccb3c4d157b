package dev.cognitomerge.bench;

import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.LambdaFunctionProcess;
import dev.cognitomerge.testing.LambdaRuntimeApi;
import dev.cognitomerge.testing.LambdaRuntimeApi.Answer;
import dev.cognitomerge.testing.LambdaRuntimeApi.Invocation;
import dev.cognitomerge.testing.TaskRoot;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the benchmark runs against, in this (the benchmark's) JVM: the Cognito stand-in seeded with the dev users,
 * a fresh Lambda Runtime API per function process, and the unpacked function.zip. Functions run in child
 * processes; this class spawns them, feeds them events and reads their answers and memory.
 */
final class Bench implements AutoCloseable {

    static final String JANE = "3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01";
    /** The event kinds measured warm, with the sample event each uses. */
    static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("link", "link");
        KINDS.put("no-candidate", "no-candidate");
        KINDS.put("native-sign-up", "native-sign-up");
    }

    static final Duration COLD_WAIT = Duration.ofSeconds(60);
    /** The first event of each cold start; another kind than "link" only to take the cold start apart. */
    static final String COLD_EVENT = System.getProperty("bench.coldEvent", "link");
    static final Duration WARM_WAIT = Duration.ofSeconds(10);

    private final Path projectDir = Path.of("").toAbsolutePath();
    private final Path workDir = projectDir.resolve("target/bench");
    private final Path logDir = workDir.resolve("logs");
    private final CognitoStandIn standIn;
    private final byte[] seed;
    private final TaskRoot jvmTask;
    private final Map<String, String> events = new LinkedHashMap<>();
    private Path classPathTask;
    private Optional<Path> python;
    private Optional<String> pythonVersion = Optional.empty();

    Bench(Path functionZip) throws IOException {
        LambdaRuntimeApi.disableNagle(); // before the stand-in's server exists
        Files.createDirectories(logDir);
        seed = Files.readAllBytes(projectDir.resolve("src/standin/dev-users.json"));
        standIn = CognitoStandIn.start(new ByteArrayInputStream(seed), 0);
        Path taskDir = workDir.resolve("task");
        deleteTree(taskDir);
        jvmTask = TaskRoot.unzip(functionZip, taskDir);
        KINDS.forEach((kind, file) -> events.put(kind, Events.text(file)));
    }

    Path projectDir() {
        return projectDir;
    }

    Path workDir() {
        return workDir;
    }

    Path jvmTaskRoot() {
        return jvmTask.dir();
    }

    /**
     * The same function for {@link Variant.Layout#CLASS_PATH}: lib/*.jar as they are, and the task root's own
     * entries (application classes, generated classes, application.properties) packed into lib/0-app.jar.
     */
    synchronized Path classPathTaskRoot() {
        if (classPathTask == null) {
            Path dir = workDir.resolve("task-class-path");
            try {
                deleteTree(dir);
                Files.createDirectories(dir.resolve("lib"));
                try (Stream<Path> jars = Files.list(jvmTask.dir().resolve("lib"))) {
                    for (Path jar : jars.toList()) {
                        Files.copy(jar, dir.resolve("lib").resolve(jar.getFileName()));
                    }
                }
                try (java.util.zip.ZipOutputStream app = new java.util.zip.ZipOutputStream(
                        Files.newOutputStream(dir.resolve("lib/0-app.jar")));
                        Stream<Path> files = Files.walk(jvmTask.dir())) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path relative = jvmTask.dir().relativize(file);
                        if (relative.startsWith("lib")) {
                            continue;
                        }
                        app.putNextEntry(new java.util.zip.ZipEntry(relative.toString().replace(File.separatorChar, '/')));
                        Files.copy(file, app);
                        app.closeEntry();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out " + dir, e);
            }
            classPathTask = dir;
        }
        return classPathTask;
    }

    String standInEndpoint() {
        return standIn.endpoint().toString();
    }

    String event(String kind) {
        return events.get(kind);
    }

    /** The python3 interpreter itself (not a version-manager shim), if it can import boto3. */
    synchronized Optional<Path> python() {
        if (python == null) {
            python = Optional.empty();
            for (Path candidate : onPath("python3").stream().toList()) {
                List<String> probe = run(List.of(candidate.toString(), "-c",
                        "import sys, boto3; print(sys.executable); print(sys.version.split()[0], 'boto3', boto3.__version__)"));
                if (probe.size() >= 2) {
                    python = Optional.of(Path.of(probe.get(0)));
                    pythonVersion = Optional.of(probe.get(1));
                }
            }
        }
        return python;
    }

    Optional<String> pythonVersion() {
        python();
        return pythonVersion;
    }

    Optional<Path> onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The executable {@code ./mvnw package -Dnative} leaves in target/ (or -Dbench.native.runner). */
    Path nativeRunner() {
        String configured = System.getProperty("bench.native.runner", "");
        if (!configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try (Stream<Path> files = Files.list(projectDir.resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-runner"))
                    .filter(Files::isRegularFile).findFirst()
                    .orElse(projectDir.resolve("target/cognito-oidc-merge-runner"));
        } catch (IOException e) {
            return projectDir.resolve("target/cognito-oidc-merge-runner");
        }
    }

    /**
     * Runs a training process: it answers each sample event once, then is asked to stop (SIGTERM) so the JVM
     * writes its class data at exit. True if {@code output} exists afterwards.
     */
    boolean train(Variant variant, List<String> command, Path output) {
        try {
            Files.createDirectories(output.getParent());
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        resetStandIn();
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaFunctionProcess function = LambdaFunctionProcess.start(command,
                        variant.environment(this, api.address()), variant.taskRoot(this), logDir,
                        variant.id + "-training")) {
            for (String kind : KINDS.keySet()) {
                Answer answer = api.enqueue(event(kind), Duration.ofSeconds(5)).await(COLD_WAIT);
                if (answer.error()) {
                    throw new IllegalStateException(variant.id + " training: " + kind + " answered " + answer.text());
                }
            }
            // The archive is written while the JVM exits; a JDK 25 AOT cache is then assembled by a child JVM.
            function.stop(Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Files.isRegularFile(output);
    }

    void resetStandIn() {
        standIn.reset();
        try {
            standIn.load(new ByteArrayInputStream(seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One cold start: spawn the function with a linking event already queued, wait for its answer, then (if
     * {@code warmEvents} > 0) send that many events of each kind to the now-warm function.
     */
    Run run(Variant variant, int round, int warmEvents) {
        resetStandIn();
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start()) {
            Invocation first = api.enqueue(event(COLD_EVENT), Duration.ofSeconds(5));
            try (LambdaFunctionProcess function = LambdaFunctionProcess.start(variant.command(this),
                    variant.environment(this, api.address()), variant.taskRoot(this), logDir,
                    variant.id + "-round" + round)) {
                Answer answer;
                try {
                    answer = first.await(COLD_WAIT);
                } catch (AssertionError e) {
                    return Run.failed(variant.id, round, "no answer within " + COLD_WAIT + "\n" + function.output());
                }
                long spawned = function.startedNanos();
                double coldMs = millis(answer.answeredNanos() - spawned);
                double initMs = millis(api.firstPollNanos().orElse(first.deliveredNanos()) - spawned);
                double firstInvokeMs = millis(answer.answeredNanos() - first.deliveredNanos());
                long rssAfterFirst = function.peakRssKib().orElse(-1);
                long cpuFirst = function.cpuMillis().orElse(-1);
                String problem = COLD_EVENT.equals("link") ? checkLinked(answer, standIn.calls().size())
                        : answer.error() ? answer.text() : null;
                Map<String, Warm> warm = new LinkedHashMap<>();
                if (problem == null && warmEvents > 0) {
                    for (String kind : KINDS.keySet()) {
                        warm.put(kind, warm(api, kind, warmEvents));
                    }
                }
                long peakRss = function.peakRssKib().orElse(-1);
                double restoreToAnswerMs = api.restoreNanos().isPresent()
                        ? millis(answer.answeredNanos() - api.restoreNanos().getAsLong()) : Double.NaN;
                if (variant.snapStart() && api.restoreNanos().isEmpty() && problem == null) {
                    problem = "a SnapStart init never asked for restore/next";
                }
                return new Run(variant.id, round, coldMs, initMs, firstInvokeMs, restoreToAnswerMs, cpuFirst,
                        rssAfterFirst, peakRss, warm, problem == null ? null : problem + "\n" + function.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String checkLinked(Answer answer, int calls) {
        if (answer.error()) {
            return "the linking event answered an error: " + answer.text();
        }
        boolean linked = standIn.identities(JANE).stream()
                .anyMatch(identity -> "Descope".equals(identity.get("providerName")));
        if (!linked) {
            return "the linking event left Jane unlinked (" + calls + " Cognito calls)";
        }
        return null;
    }

    private Warm warm(LambdaRuntimeApi api, String kind, int count) {
        double[] latencies = new double[count];
        int calls = 0;
        int errors = 0;
        resetStandIn();
        for (int i = 0; i < count; i++) {
            if (kind.equals("link")) {
                resetStandIn(); // Jane unlinked again: every linking event is a real link
            }
            int before = standIn.calls().size();
            Invocation invocation = api.enqueue(event(kind), Duration.ofSeconds(5));
            Answer answer = invocation.await(WARM_WAIT);
            latencies[i] = millis(answer.answeredNanos() - invocation.deliveredNanos());
            calls += standIn.calls().size() - before;
            if (answer.error()) {
                errors++;
            }
        }
        return new Warm(latencies, (double) calls / count, errors);
    }

    static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** Runs a short command and returns its output lines (empty if it fails or takes over 30 s). */
    static List<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return List.of();
            }
            for (String line : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return process.exitValue() == 0 ? lines : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Override
    public void close() {
        standIn.close();
    }

    /** The figures of one spawned process. */
    record Run(String variant, int round, double coldMs, double initMs, double firstInvokeMs,
            double restoreToAnswerMs, long cpuMsToFirst, long rssAfterFirstKib, long peakRssKib, Map<String, Warm> warm,
            String problem) {

        static Run failed(String variant, int round, String problem) {
            return new Run(variant, round, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1, -1, -1, Map.of(),
                    problem);
        }

        boolean ok() {
            return problem == null;
        }
    }

    /** Warm latencies of one kind (delivered → answered, ms), Cognito calls per event, error answers. */
    record Warm(double[] latenciesMs, double callsPerEvent, int errors) {
    }
}
