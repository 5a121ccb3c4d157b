package dev.cognitomerge.hardening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.audit.AuditLog;
import dev.cognitomerge.audit.AuditRecord;
import dev.cognitomerge.config.MergeSettings;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.InjectStandIn;
import dev.cognitomerge.testing.StandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One warm instance answering many mixed events in a row, as a benchmark that prints figures: latency
 * percentiles, and heap and RSS before and after (each after a GC). It asserts only correctness (every
 * answer as expected, exactly the expected links) and that memory does not grow without bound; never
 * latency. CI runs 2,000 events; the full run is
 * {@code ./mvnw -B -o test -Dtest=WarmLoadBenchmarkTest -Dbench.load.events=10000}.
 * The table is printed and written to {@code target/warm-load-benchmark.txt}.
 *
 * <p>The stand-in is reset every {@value #ROUND} events (it records every call), so its memory does not
 * count against the function's; the audit line is built as in production but not printed (10,000 lines
 * of console output would measure surefire, not the function).
 */
@QuarkusTest
@WithTestResource(StandInResource.class)
class WarmLoadBenchmarkTest {

    static final int EVENTS = Integer.getInteger("bench.load.events", 1_000);
    static final int ROUND = 500;
    static final int WARM_UP = 200;
    /** Generous: the function keeps nothing per event, so a steady run stays within a few MB. */
    static final long HEAP_GROWTH_BOUND = 64L << 20;

    /** The mix: 3 in 10 link (one with an upper-case email), the rest every other path of the decision. */
    enum Kind {
        LINK(200, "linked"), LINK_UPPER_CASE_EMAIL(200, "linked"), REDELIVERY(200, "already-linked"),
        NO_CANDIDATE(200, "continued"), NATIVE_SIGN_UP(200, "continued"), UNVERIFIED_EMAIL(200, "continued"),
        UNKNOWN_PROVIDER(200, "continued"), AMBIGUOUS(500, "refused"), DISABLED(500, "refused"),
        NOT_JSON(500, "refused");

        final int status;
        final String outcome;

        Kind(int status, String outcome) {
            this.status = status;
            this.outcome = outcome;
        }

        static final Kind[] CYCLE = {LINK, LINK, LINK_UPPER_CASE_EMAIL, REDELIVERY, NO_CANDIDATE, NATIVE_SIGN_UP,
                UNVERIFIED_EMAIL, AMBIGUOUS, UNKNOWN_PROVIDER, null};

        static Kind of(int index) {
            Kind kind = CYCLE[index % CYCLE.length];
            return kind != null ? kind : (index / CYCLE.length) % 2 == 0 ? DISABLED : NOT_JSON;
        }

        boolean links() {
            return this == LINK || this == LINK_UPPER_CASE_EMAIL;
        }
    }

    /** The real audit writer, keeping only the last record and not printing. */
    static final class LastRecord extends AuditLog {
        volatile AuditRecord last;

        LastRecord(ObjectMapper json, MergeSettings settings) {
            super(json, settings);
        }

        @Override
        public void record(AuditRecord record) {
            last = record;
            super.record(record);
        }

        @Override
        protected void emit(String line) {
            // built, not printed
        }
    }

    record Memory(long heapUsed, long rss) {
        static Memory afterGc() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return new Memory(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), residentSetSize());
        }

        static long residentSetSize() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: RSS unknown
            }
            return -1;
        }
    }

    @InjectStandIn
    CognitoStandIn standIn;

    @Inject
    ObjectMapper json;

    @Inject
    MergeSettings settings;

    LastRecord audit;

    /** The users of one round: the dev seed, plus one fresh native account per link event. */
    void seedRound(int round) throws IOException {
        standIn.reset();
        try (InputStream seed = Files.newInputStream(Path.of("src/standin/dev-users.json"))) {
            standIn.load(seed);
        }
        for (int i = 0; i < ROUND; i++) {
            if (Kind.of(i).links()) {
                standIn.addUser(StandInUser.confirmed(username(round, i), email(round, i)));
            }
        }
    }

    static String username(int round, int i) {
        return "load-" + round + "-" + i;
    }

    static String email(int round, int i) {
        return "load." + round + "." + i + "@example.com";
    }

    String event(Kind kind, int round, int i) {
        ObjectNode event = Events.tree("link");
        switch (kind) {
            case LINK -> {
                event.put("userName", "Descope_S" + round + "x" + i);
                Events.attributes(event).put("email", email(round, i));
            }
            case LINK_UPPER_CASE_EMAIL -> {
                event.put("userName", "Descope_S" + round + "x" + i);
                Events.attributes(event).put("email", email(round, i).toUpperCase(Locale.ROOT));
            }
            case REDELIVERY -> {
                int previous = i - 1;
                event.put("userName", "Descope_S" + round + "x" + previous);
                Events.attributes(event).put("email", email(round, previous).toUpperCase(Locale.ROOT));
            }
            case NO_CANDIDATE -> Events.attributes(event).put("email", "nobody." + i + "@example.com");
            case NATIVE_SIGN_UP -> {
                return Events.text("native-sign-up");
            }
            case UNVERIFIED_EMAIL -> {
                return Events.text("unverified-email");
            }
            case UNKNOWN_PROVIDER -> {
                return Events.text("unknown-provider");
            }
            case AMBIGUOUS -> {
                return Events.text("ambiguous");
            }
            case DISABLED -> {
                return Events.text("disabled");
            }
            case NOT_JSON -> {
                return "{\"userName\": \"Descope_";
            }
            default -> throw new IllegalStateException();
        }
        return event.toString();
    }

    long deliver(String body, Kind kind, int index) {
        long started = System.nanoTime();
        Response response = given().contentType("application/json").body(body).when().post();
        long nanos = System.nanoTime() - started;
        assertThat(response.statusCode()).as("event %d (%s)", index, kind).isEqualTo(kind.status);
        assertThat(audit.last.outcome()).as("event %d (%s)", index, kind).isEqualTo(kind.outcome);
        return nanos;
    }

    @Test
    void oneWarmInstanceAnswersManyMixedEventsWithStableMemory() throws IOException {
        audit = new LastRecord(json, settings);
        QuarkusMock.installMockForType(audit, AuditLog.class);

        // warm-up: JIT, the SDK's first requests, connection pools
        seedRound(-1);
        for (int i = 0; i < WARM_UP; i++) {
            deliver(event(Kind.of(i % ROUND), -1, i % ROUND), Kind.of(i % ROUND), i);
        }
        standIn.reset();
        Memory before = Memory.afterGc();

        long[] roundTrip = new long[EVENTS];
        long[] handler = new long[EVENTS];
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        List<Long> heapAfterRounds = new ArrayList<>();
        long started = System.nanoTime();
        int rounds = (EVENTS + ROUND - 1) / ROUND;
        for (int round = 0; round < rounds; round++) {
            seedRound(round);
            int expectedLinks = 0;
            for (int i = 0; i < ROUND && round * ROUND + i < EVENTS; i++) {
                int index = round * ROUND + i;
                Kind kind = Kind.of(i);
                roundTrip[index] = deliver(event(kind, round, i), kind, index);
                handler[index] = audit.last.durationMillis();
                counts.merge(kind, 1, Integer::sum);
                expectedLinks += kind.links() ? 1 : 0;
            }
            // exactly the expected links: one per link event, none from re-deliveries or any other event
            assertThat(standIn.calls("AdminLinkProviderForUser")).hasSize(expectedLinks);
            for (int i = 0; i < ROUND && round * ROUND + i < EVENTS; i++) {
                if (Kind.of(i).links()) {
                    assertThat(standIn.identities(username(round, i))).hasSize(1);
                }
            }
            heapAfterRounds.add(Memory.afterGc().heapUsed());
        }
        long totalNanos = System.nanoTime() - started;
        standIn.reset();
        Memory after = Memory.afterGc();

        String table = table(counts, roundTrip, handler, totalNanos, before, after, heapAfterRounds);
        System.out.println(table);
        Files.writeString(Path.of("target/warm-load-benchmark.txt"), table);

        assertThat(after.heapUsed() - before.heapUsed()).as("heap growth after GC over %d events", EVENTS)
                .isLessThan(HEAP_GROWTH_BOUND);
    }

    static String table(Map<Kind, Integer> counts, long[] roundTrip, long[] handlerMillis, long totalNanos,
            Memory before, Memory after, List<Long> heapAfterRounds) {
        long[] sorted = roundTrip.clone();
        Arrays.sort(sorted);
        long[] handlerSorted = handlerMillis.clone();
        Arrays.sort(handlerSorted);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nWarm load: %,d mixed events in a row on one instance (Java %s, %d CPUs)%n",
                roundTrip.length, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        out.append("  mix: ");
        counts.forEach((kind, count) ->
                out.append(kind.name().toLowerCase(Locale.ROOT)).append(' ').append(count).append("  "));
        out.append(String.format(Locale.ROOT, "%n  total %.1f s, %.0f events/s (sequential)%n%n", totalNanos / 1e9,
                roundTrip.length / (totalNanos / 1e9)));
        out.append("  latency                                   p50       p90       p99       max\n");
        out.append(String.format(Locale.ROOT, "  round trip (mock event server)      %7.2f ms %7.2f ms %7.2f ms %7.2f ms%n",
                millis(percentile(sorted, 50)), millis(percentile(sorted, 90)), millis(percentile(sorted, 99)),
                millis(sorted[sorted.length - 1])));
        out.append(String.format(Locale.ROOT, "  handler (audit DurationMs, whole ms) %6d ms %7d ms %7d ms %7d ms%n%n",
                percentile(handlerSorted, 50), percentile(handlerSorted, 90), percentile(handlerSorted, 99),
                handlerSorted[handlerSorted.length - 1]));
        out.append("  memory (after GC; RSS of the test JVM,        heap used        RSS\n");
        out.append("          which also holds Quarkus test, RestAssured and the stand-in)\n");
        out.append(String.format(Locale.ROOT, "  before (after %d warm-up events)          %8.1f MB %8.1f MB%n", WARM_UP,
                mb(before.heapUsed()), mb(before.rss())));
        out.append(String.format(Locale.ROOT, "  after                                     %8.1f MB %8.1f MB%n",
                mb(after.heapUsed()), mb(after.rss())));
        out.append(String.format(Locale.ROOT, "  growth                                    %+8.1f MB %+8.1f MB%n",
                mb(after.heapUsed() - before.heapUsed()), mb(after.rss() - before.rss())));
        out.append("  heap used after GC, every " + ROUND + " events:");
        heapAfterRounds.forEach(heap -> out.append(String.format(Locale.ROOT, " %.1f", mb(heap))));
        out.append(" MB\n");
        return out.toString();
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
