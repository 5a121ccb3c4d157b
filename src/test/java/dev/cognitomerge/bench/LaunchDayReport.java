package dev.cognitomerge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.bench.LaunchDay.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code target/launch-day.json}: issue 20's fields in its order, then ours (linkedLater onwards), and the table. */
final class LaunchDayReport {

    private LaunchDayReport() {
    }

    static ObjectNode json(List<Result> results, LaunchDay.Settings settings, String machine) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode profiles = root.putArray("profiles");
        for (Result r : results) {
            // Field by field, so the order is the whatever Jackson does with records.
            ObjectNode p = profiles.addObject();
            p.put("name", r.name());
            p.put("offeredPerSecond", r.offeredPerSecond());
            p.put("tightestQuotaShare", r.tightestQuotaShare());
            p.put("signIns", r.signIns());
            p.put("linkedFirstTry", r.linkedFirstTry());
            p.put("linkedAfterRetry", r.linkedAfterRetry());
            p.put("refused", r.refused());
            p.put("lost", r.lost());
            p.put("doubled", r.doubled());
            p.put("p50Ms", r.p50Ms());
            p.put("p99Ms", r.p99Ms());
            p.put("callsPerLink", r.callsPerLink());
            p.put("throttledCalls", r.throttledCalls());
            p.put("linkedLater", r.linkedLater());
            p.put("drainMs", r.drainMs());
            p.put("maxMs", r.maxMs());
            p.put("meanOfferedPerSecond", r.meanOfferedPerSecond());
            p.put("shape", r.shape());
            p.put("backgroundShare", r.backgroundShare());
            p.put("refusedNotRetriable", r.refusedNotRetriable());
            p.put("split", r.split());
            p.put("lambdaThrottles", r.lambdaThrottles());
            p.put("timeouts", r.timeouts());
            p.put("redeliveries", r.redeliveries());
            p.put("calls", r.calls());
            p.put("admittedCalls", r.admittedCalls());
            p.put("admittedCallsPerLink", r.admittedCallsPerLink());
            p.put("throttlesSeenByFunction", r.throttlesSeenByFunction());
            ObjectNode byCategory = p.putObject("throttledByCategory");
            r.throttledByCategory().forEach(byCategory::put);
            ObjectNode refusals = p.putObject("refusalsByReason");
            r.refusalReasons().forEach(refusals::put);
            ObjectNode splits = p.putObject("splitsByReason");
            r.splitReasons().forEach(splits::put);
            p.put("wallSeconds", r.wallSeconds());
        }
        ObjectNode run = root.putObject("run");
        run.put("instances", settings.instances());
        run.put("secondsPerProfile", settings.seconds());
        run.put("timeScale", 1.0);
        run.put("personTries", settings.personTries());
        run.put("laterTries", settings.laterTries());
        run.put("pauseMinSeconds", settings.pauseMinSeconds());
        run.put("pauseMaxSeconds", settings.pauseMaxSeconds());
        run.put("cognitoLatencyMs", settings.latencyMillis());
        run.put("burstSeconds", settings.burstSeconds());
        run.put("seed", settings.seed());
        run.put("machine", machine);
        return root;
    }

    static void write(Path file, List<Result> results, LaunchDay.Settings settings, String machine, String table)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(file, mapper.writeValueAsString(json(results, settings, machine)));
        String name = file.getFileName().toString();
        Files.writeString(file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt"), table);
    }

    /** CPU, cores and load average now: the figures depend on what else the machine runs. */
    static String machine() {
        Machine machine = new Machine();
        return machine.cpuModel() + ", " + machine.cores() + " cores, load " + machine.loadBefore() + ", Java "
                + System.getProperty("java.version");
    }
}
