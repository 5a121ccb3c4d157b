package dev.cognitomerge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.bench.Bench.Run;
import dev.cognitomerge.bench.Bench.Warm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Collects the runs, prints the side-by-side table and writes the same figures as JSON. */
final class Report {

    private final Bench bench;
    private final int rounds;
    private final int warmEvents;
    private final Machine machine;
    private final Map<String, Variant> variants = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Map<String, Double> prepareMs = new LinkedHashMap<>();
    private final Map<String, List<Run>> runs = new LinkedHashMap<>();
    private final String started = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    private double seconds;

    Report(Bench bench, int rounds, int warmEvents, Machine machine) {
        this.bench = bench;
        this.rounds = rounds;
        this.warmEvents = warmEvents;
        this.machine = machine;
    }

    void variant(Variant variant) {
        variants.put(variant.id, variant);
    }

    void skipped(Variant variant, String reason) {
        variants.put(variant.id, variant);
        skipped.put(variant.id, reason);
    }

    void prepared(Variant variant, double ms) {
        prepareMs.put(variant.id, ms);
    }

    void add(Run run) {
        runs.computeIfAbsent(run.variant(), id -> new ArrayList<>()).add(run);
    }

    void finished(double seconds) {
        this.seconds = seconds;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        runs.values().forEach(list -> list.stream().filter(run -> !run.ok())
                .forEach(run -> problems.add(run.variant() + " round " + run.round() + ": " + run.problem())));
        runs.values().forEach(list -> list.forEach(run -> run.warm().forEach((kind, warm) -> {
            if (warm.errors() > 0) {
                problems.add(run.variant() + " " + kind + ": " + warm.errors() + " error answers");
            }
        })));
        return problems;
    }

    // ---------------------------------------------------------------- figures

    private double[] cold(String id) {
        return ok(id).stream().mapToDouble(Run::coldMs).toArray();
    }

    private List<Run> ok(String id) {
        return runs.getOrDefault(id, List.of()).stream().filter(Run::ok).toList();
    }

    private Optional<Double> coldMedian(String id) {
        double[] cold = cold(id);
        return cold.length == 0 ? Optional.empty() : Optional.of(median(cold));
    }

    private Optional<Double> cpuMedian(String id) {
        double[] cpu = ok(id).stream().mapToDouble(Run::cpuMsToFirst).toArray();
        return cpu.length == 0 ? Optional.empty() : Optional.of(median(cpu));
    }

    private Optional<Warm> warm(String id, String kind) {
        return ok(id).stream().map(run -> run.warm().get(kind)).filter(w -> w != null).findFirst();
    }

    private long maxKib(String id, boolean afterFirst) {
        return ok(id).stream().mapToLong(run -> afterFirst ? run.rssAfterFirstKib() : run.peakRssKib()).max().orElse(-1);
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    // ---------------------------------------------------------------- table

    String table() {
        StringBuilder out = new StringBuilder();
        Optional<Double> python = coldMedian("python");
        Optional<Double> pythonWarm = warm("python", "link").map(w -> percentile(w.latenciesMs(), 50));
        Optional<Double> pythonCpu = cpuMedian("python");
        out.append("\n== cognito-oidc-merge: cold start and warm latency (./mvnw -Pbench verify) ==\n");
        out.append(String.format(Locale.ROOT, "machine: %s; %d cores; load %s -> %s; %s%n", machine.cpuModel(),
                machine.cores(), machine.loadBefore(), machine.loadAfter(), machine.os()));
        out.append("runtimes: ").append(String.join("; ", machine.runtimes())).append('\n');
        out.append(String.format(Locale.ROOT, "%d cold starts per variant, interleaved; %d warm events per kind after"
                + " the first cold start; %.0f s in all%n", rounds, warmEvents, seconds));
        out.append("function: the packaged target/function.zip under the AWS Lambda Java runtime interface client"
                + " (task root = working directory); Cognito = in-memory stand-in in the benchmark JVM, over loopback\n");

        out.append("\nCold start: spawn -> first answered linking event, ms (median [min-max]); init = spawn -> first"
                + " /next; 1st invoke = /next -> answer; CPU = process CPU time to the answer\n");
        String coldFormat = "%-54s %-20s %9s %6s %10s %6s %9s %8s %8s%n";
        out.append(String.format(Locale.ROOT, coldFormat, "variant", "first answer", "vs Python", "init",
                "1st invoke", "CPU", "CPU vs Py", "RSS 1st", "peak RSS"));
        for (Variant variant : variants.values()) {
            if (skipped.containsKey(variant.id) || variant.snapStart()) {
                continue;
            }
            double[] cold = cold(variant.id);
            if (cold.length == 0) {
                out.append(String.format(Locale.ROOT, "%-54s no successful run%n", variant.label));
                continue;
            }
            List<Run> ok = ok(variant.id);
            double med = median(cold);
            double cpu = median(ok.stream().mapToDouble(Run::cpuMsToFirst).toArray());
            out.append(String.format(Locale.ROOT, coldFormat, variant.label,
                    String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", med, min(cold), max(cold)),
                    python.map(p -> String.format(Locale.ROOT, "%.2fx", med / p)).orElse("-"),
                    String.format(Locale.ROOT, "%.0f", median(ok.stream().mapToDouble(Run::initMs).toArray())),
                    String.format(Locale.ROOT, "%.0f", median(ok.stream().mapToDouble(Run::firstInvokeMs).toArray())),
                    String.format(Locale.ROOT, "%.0f", cpu),
                    pythonCpu.map(p -> String.format(Locale.ROOT, "%.2fx", cpu / p)).orElse("-"),
                    mib(maxKib(variant.id, true)), mib(maxKib(variant.id, false))));
        }
        skipped.forEach((id, reason) -> out.append(String.format(Locale.ROOT, "%-54s skipped: %s%n",
                variants.get(id).label, reason)));
        snapStartSection(out, python);

        out.append("\nWarm latency: /next -> answer, ms, p50 / p99 over ").append(warmEvents)
                .append(" events per kind (link: Jane reset before each, so each is a real link)\n");
        String warmFormat = "%-54s %-16s %-16s %-16s %9s%n";
        out.append(String.format(Locale.ROOT, warmFormat, "variant", "link", "no-candidate", "native-sign-up",
                "link p50 vs Python"));
        for (Variant variant : variants.values()) {
            if (skipped.containsKey(variant.id) || warm(variant.id, "link").isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String kind : Bench.KINDS.keySet()) {
                cells.add(warm(variant.id, kind).map(w -> String.format(Locale.ROOT, "%.2f / %.2f",
                        percentile(w.latenciesMs(), 50), percentile(w.latenciesMs(), 99))).orElse("-"));
            }
            double linkP50 = percentile(warm(variant.id, "link").orElseThrow().latenciesMs(), 50);
            out.append(String.format(Locale.ROOT, warmFormat, variant.label, cells.get(0), cells.get(1), cells.get(2),
                    pythonWarm.map(p -> String.format(Locale.ROOT, "%.2fx", linkP50 / p)).orElse("-")));
        }

        out.append("\nCognito API calls per event (recorded by the stand-in; a link is 3 with the default protected"
                + " accounts: search, the owner's MFA state, link; the Python reference reads no MFA state: 2)\n");
        String callFormat = "%-54s %6s %13s %15s%n";
        out.append(String.format(Locale.ROOT, callFormat, "variant", "link", "no-candidate", "native-sign-up"));
        for (Variant variant : variants.values()) {
            if (skipped.containsKey(variant.id) || warm(variant.id, "link").isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String kind : Bench.KINDS.keySet()) {
                cells.add(warm(variant.id, kind).map(w -> String.format(Locale.ROOT, "%.2f", w.callsPerEvent()))
                        .orElse("-"));
            }
            out.append(String.format(Locale.ROOT, callFormat, variant.label, cells.get(0), cells.get(1), cells.get(2)));
        }
        if (!prepareMs.isEmpty()) {
            out.append("\nPreparation (training runs that write class data; not part of any cold start): ");
            List<String> parts = new ArrayList<>();
            prepareMs.forEach((id, ms) -> parts.add(String.format(Locale.ROOT, "%s %.1f s", id, ms / 1000)));
            out.append(String.join(", ", parts)).append('\n');
        }
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            out.append("\nPROBLEMS (figures above exclude these runs):\n");
            problems.forEach(problem -> out.append("  ").append(problem.lines().findFirst().orElse("")).append('\n'));
        }
        return out.toString();
    }

    /**
     * SnapStart, emulated: the runtime client runs the checkpoint hooks and calls restore/next, which the API
     * answers at once (no snapshot is taken). "Before snapshot" is what SnapStart moves out of the user's wait;
     * "restore -> answer" is the function's own share of a restored first sign-up. Lambda's snapshot restore
     * itself cannot be reproduced here and is not included.
     */
    private void snapStartSection(StringBuilder out, Optional<Double> python) {
        List<Variant> snap = variants.values().stream()
                .filter(variant -> variant.snapStart() && !skipped.containsKey(variant.id)).toList();
        if (snap.isEmpty()) {
            return;
        }
        out.append("\nSnapStart, emulated (checkpoint hooks run, restore/next answered at once, no snapshot): ms,"
                + " median [min-max]; Lambda's own snapshot restore is NOT included\n");
        String format = "%-54s %-24s %-22s %s%n";
        out.append(String.format(Locale.ROOT, format, "variant", "init before snapshot", "restore -> 1st answer",
                "restore -> answer vs Python cold start"));
        for (Variant variant : snap) {
            List<Run> ok = ok(variant.id);
            if (ok.isEmpty()) {
                out.append(String.format(Locale.ROOT, "%-54s no successful run%n", variant.label));
                continue;
            }
            double[] before = ok.stream().mapToDouble(run -> run.coldMs() - run.restoreToAnswerMs()).toArray();
            double[] after = ok.stream().mapToDouble(Run::restoreToAnswerMs).toArray();
            double med = median(after);
            out.append(String.format(Locale.ROOT, format, variant.label,
                    String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", median(before), min(before), max(before)),
                    String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", med, min(after), max(after)),
                    python.map(p -> String.format(Locale.ROOT, "%.2fx (+ restore)", med / p)).orElse("-")));
        }
    }

    private static String mib(long kib) {
        return kib < 0 ? "-" : String.format(Locale.ROOT, "%.0f MB", kib / 1024.0);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    // ---------------------------------------------------------------- JSON

    ObjectNode json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("started", started);
        root.put("seconds", Math.round(seconds));
        ObjectNode machineNode = root.putObject("machine");
        machineNode.put("cpu", machine.cpuModel());
        machineNode.put("cores", machine.cores());
        machineNode.put("os", machine.os());
        machineNode.put("loadBefore", machine.loadBefore());
        machineNode.put("loadAfter", machine.loadAfter());
        machine.runtimes().forEach(machineNode.putArray("runtimes")::add);
        ObjectNode settings = root.putObject("settings");
        settings.put("coldStartsPerVariant", rounds);
        settings.put("warmEventsPerKind", warmEvents);
        settings.put("coldStart", "spawn -> answer to a linking event queued before spawn");
        settings.put("warmLatency", "runtime's /next returned the event -> runtime posted the answer");
        Optional<Double> python = coldMedian("python");
        ArrayNode list = root.putArray("variants");
        for (Variant variant : variants.values()) {
            ObjectNode node = list.addObject();
            node.put("id", variant.id);
            node.put("label", variant.label);
            if (skipped.containsKey(variant.id)) {
                node.put("skipped", skipped.get(variant.id));
                continue;
            }
            node.put("command", variant.options(bench));
            node.put("snapStartEmulated", variant.snapStart());
            if (prepareMs.containsKey(variant.id)) {
                node.put("prepareMs", Math.round(prepareMs.get(variant.id)));
            }
            ObjectNode cold = node.putObject("coldStartMs");
            double[] coldValues = cold(variant.id);
            if (coldValues.length > 0 && variant.snapStart()) {
                double[] after = ok(variant.id).stream().mapToDouble(Run::restoreToAnswerMs).toArray();
                ObjectNode restored = node.putObject("restoreToFirstAnswerMs");
                restored.put("median", round(median(after)));
                restored.put("min", round(min(after)));
                restored.put("max", round(max(after)));
                restored.put("note", "emulated SnapStart: excludes Lambda's snapshot restore");
                node.put("initBeforeSnapshotMsMedian", round(median(ok(variant.id).stream()
                        .mapToDouble(run -> run.coldMs() - run.restoreToAnswerMs()).toArray())));
            } else if (coldValues.length > 0) {
                cold.put("median", round(median(coldValues)));
                cold.put("min", round(min(coldValues)));
                cold.put("max", round(max(coldValues)));
                python.ifPresent(p -> node.put("coldVsPython", round(median(coldValues) / p)));
                cpuMedian(variant.id).ifPresent(cpu -> {
                    node.put("cpuMsToFirstAnswerMedian", cpu);
                    cpuMedian("python").ifPresent(p -> node.put("cpuVsPython", round(cpu / p)));
                });
            }
            ArrayNode runList = cold.putArray("runs");
            for (Run run : runs.getOrDefault(variant.id, List.of())) {
                ObjectNode r = runList.addObject();
                r.put("round", run.round());
                r.put("ok", run.ok());
                r.put("firstAnswerMs", round(run.coldMs()));
                r.put("initMs", round(run.initMs()));
                r.put("firstInvokeMs", round(run.firstInvokeMs()));
                if (!Double.isNaN(run.restoreToAnswerMs())) {
                    r.put("restoreToFirstAnswerMs", round(run.restoreToAnswerMs()));
                }
                r.put("cpuMsToFirstAnswer", run.cpuMsToFirst());
                r.put("rssAfterFirstKiB", run.rssAfterFirstKib());
                r.put("peakRssKiB", run.peakRssKib());
                if (!run.ok()) {
                    r.put("problem", run.problem().lines().findFirst().orElse(""));
                }
            }
            node.put("rssAfterFirstKiB", maxKib(variant.id, true));
            node.put("peakRssKiB", maxKib(variant.id, false));
            ObjectNode warmNode = node.putObject("warm");
            for (String kind : Bench.KINDS.keySet()) {
                warm(variant.id, kind).ifPresent(w -> {
                    ObjectNode k = warmNode.putObject(kind);
                    k.put("events", w.latenciesMs().length);
                    k.put("p50Ms", round(percentile(w.latenciesMs(), 50)));
                    k.put("p99Ms", round(percentile(w.latenciesMs(), 99)));
                    k.put("maxMs", round(max(w.latenciesMs())));
                    k.put("cognitoCallsPerEvent", round(w.callsPerEvent()));
                    k.put("errors", w.errors());
                });
            }
        }
        return root;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1000) / 1000.0;
    }

    /** Writes results.json (latest), a time-stamped copy and the printed table under {@code dir}. */
    void write(Path dir, String table) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = mapper.writeValueAsString(json());
        String stamp = started.replace(":", "").replace("-", "").replace("T", "-").substring(0, 15);
        Files.writeString(dir.resolve("results.json"), text);
        Files.writeString(dir.resolve("results-" + stamp + ".json"), text);
        Files.writeString(dir.resolve("results.txt"), table);
    }
}
