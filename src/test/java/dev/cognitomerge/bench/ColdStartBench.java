package dev.cognitomerge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.bench.Variant.Jvm;
import dev.cognitomerge.bench.Variant.Layout;
import dev.cognitomerge.bench.Variant.Training;
import dev.cognitomerge.testing.TaskRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's benchmark, run by {@code ./mvnw -Pbench verify} (failsafe, after the package is built; never part of
 * the normal build). It measures, interleaved in one run: cold start (spawn → first answered linking event) of the
 * packaged function under the AWS Lambda Java runtime interface client in each JVM configuration, the same for
 * the reference Python function, warm latency per event kind, peak RSS and Cognito calls per event. It prints a
 * table and writes target/bench/results.json. No figure is asserted: a benchmark reports, the reader judges.
 *
 * <p>Settings (system properties): {@code bench.rounds} (cold starts per variant, default 5),
 * {@code bench.warm} (warm events per kind, default 1000), {@code bench.variants} (comma-separated ids, default
 * all of {@link #DEFAULT_VARIANTS}), {@code bench.jdk25} (a JDK 25 home), {@code bench.native.runner}.
 */
class ColdStartBench {

    static final List<String> DEFAULT_VARIANTS = List.of("python", "jdk17", "jdk17-lambda", "jdk17-lambda-appcds",
            "jdk25-lambda-aot", "jdk25-lambda-aot-classpath", "jdk17-lambda-snapstart",
            "jdk17-lambda-snapstart-unprimed", "native");

    /**
     * The flags the managed Java runtime starts the JVM with (besides its own CDS archive and agent): serial GC,
     * C1 only, heap capped near the function's memory (445645k for 512 MB). Sources: AWS Lambda developer guide,
     * "Customize Java runtime startup behavior" (C1 default since java17); a published dump of the java17
     * command line (sigpwned, "the-lambda-iceberg").
     */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:MaxHeapSize=445645k");

    @Test
    void coldStartAndWarmLatencyOfEachConfigurationNextToThePythonReference() throws IOException {
        int rounds = Integer.getInteger("bench.rounds", 5);
        int warmEvents = Integer.getInteger("bench.warm", 1000);
        Machine machine = new Machine();
        long started = System.nanoTime();
        try (Bench bench = new Bench(TaskRoot.functionZip())) {
            Report report = new Report(bench, rounds, warmEvents, machine);
            List<Variant> active = new ArrayList<>();
            for (Variant variant : selected(bench)) {
                Optional<String> unavailable = variant.unavailable(bench);
                if (unavailable.isEmpty()) {
                    long preparing = System.nanoTime();
                    variant.prepare(bench);
                    if (variant instanceof Jvm jvm && jvm.training != Training.NONE) {
                        report.prepared(variant, Bench.millis(System.nanoTime() - preparing));
                    }
                    unavailable = variant.unavailable(bench);
                }
                if (unavailable.isPresent()) {
                    report.skipped(variant, unavailable.get());
                    System.out.println("bench: " + variant.id + " skipped: " + unavailable.get());
                    continue;
                }
                describe(bench, machine, variant);
                report.variant(variant);
                active.add(variant);
            }
            // Interleaved: every round starts each variant once, beginning one further along each time, so no
            // variant always runs first (page cache) or right after a heavy one.
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < active.size(); i++) {
                    Variant variant = active.get((i + round - 1) % active.size());
                    Bench.Run run = bench.run(variant, round, round == 1 ? warmEvents : 0);
                    report.add(run);
                    System.out.printf("bench: round %d %-18s %s%n", round, variant.id,
                            run.ok() ? String.format("%.0f ms", run.coldMs()) : "FAILED");
                }
            }
            machine.finished();
            report.finished((System.nanoTime() - started) / 1e9);
            String table = report.table();
            System.out.println(table);
            report.write(bench.workDir(), table);
            System.out.println("bench: figures in " + bench.workDir().resolve("results.json"));

            assertThat(report.problems()).as("every measured run must link Jane and answer every event").isEmpty();
        }
    }

    static List<Variant> selected(Bench bench) {
        Map<String, Variant> all = catalog();
        String wanted = System.getProperty("bench.variants", "");
        List<String> ids = wanted.isBlank() ? DEFAULT_VARIANTS : List.of(wanted.split(","));
        List<Variant> selected = new ArrayList<>();
        for (String id : ids) {
            Variant variant = all.get(id.strip());
            if (variant == null) {
                throw new IllegalArgumentException("unknown variant " + id + "; known: " + all.keySet());
            }
            selected.add(variant);
        }
        return selected;
    }

    /** Every configuration the benchmark knows; the default selection is the one the README reports. */
    static Map<String, Variant> catalog() {
        Path jdk17 = Path.of(System.getProperty("bench.jdk17", System.getProperty("java.home")));
        Path jdk25 = jdk25();
        Map<String, Variant> all = new LinkedHashMap<>();
        add(all, new Variant.Python());
        add(all, Jvm.of("jdk17", "JDK 17, JVM defaults (G1, C1+C2)", jdk17, List.of(), Training.NONE));
        add(all, Jvm.of("jdk17-lambda", "JDK 17, Lambda flags (serial GC, C1)", jdk17, LAMBDA_FLAGS,
                Training.NONE));
        add(all, Jvm.of("jdk17-lambda-appcds", "JDK 17, Lambda flags + AppCDS archive", jdk17, LAMBDA_FLAGS,
                Training.APP_CDS));
        add(all, Jvm.of("jdk25-lambda", "JDK 25, Lambda flags", jdk25, LAMBDA_FLAGS, Training.NONE));
        add(all, Jvm.of("jdk25-lambda-aot", "JDK 25, Lambda flags + AOT cache", jdk25, LAMBDA_FLAGS,
                Training.AOT_CACHE));
        add(all, new Jvm("jdk25-lambda-aot-classpath", "JDK 25, Lambda flags + AOT cache, jars on class path",
                jdk25, LAMBDA_FLAGS, Training.AOT_CACHE, Layout.CLASS_PATH, false, Map.of()));
        add(all, new Jvm("jdk17-lambda-snapstart", "JDK 17, Lambda flags, SnapStart + priming", jdk17,
                LAMBDA_FLAGS, Training.NONE, Layout.MANAGED, true, Map.of()));
        add(all, new Jvm("jdk17-lambda-snapstart-unprimed", "JDK 17, Lambda flags, SnapStart, no priming", jdk17,
                LAMBDA_FLAGS, Training.NONE, Layout.MANAGED, true, Map.of("MERGE_SNAPSTART_PRIMING", "false")));
        add(all, new Variant.Native());
        return all;
    }

    private static void add(Map<String, Variant> all, Variant variant) {
        all.put(variant.id, variant);
    }

    /** -Dbench.jdk25, else Temurin 25 where this project's machines have it, else any /usr/lib/jvm/*25*. */
    static Path jdk25() {
        String configured = System.getProperty("bench.jdk25", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        Path temurin = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isDirectory(temurin)) {
            return temurin;
        }
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.filter(home -> home.getFileName().toString().contains("25"))
                    .filter(home -> Files.isExecutable(home.resolve("bin/java"))).findFirst().orElse(temurin);
        } catch (IOException e) {
            return temurin;
        }
    }

    private static void describe(Bench bench, Machine machine, Variant variant) {
        if (variant instanceof Jvm jvm) {
            machine.runtime(Machine.jdk(jvm.javaHome));
        } else if (variant instanceof Variant.Python) {
            bench.pythonVersion().ifPresent(version -> machine.runtime("Python " + version));
        }
    }
}
