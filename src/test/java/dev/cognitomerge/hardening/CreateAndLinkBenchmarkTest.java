package dev.cognitomerge.hardening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognitomerge.CreateAndLinkProfile;
import dev.cognitomerge.PreSignUpHandler;
import dev.cognitomerge.cognito.UserDirectory;
import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.CapturingAuditLog;
import dev.cognitomerge.testing.Events;
import dev.cognitomerge.testing.InjectStandIn;
import dev.cognitomerge.testing.StandInResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.config.MergeSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The create-and-link path on one warm instance: federated first sign-ins of new emails in a row, each creating,
 * setting the password and linking, with the nested PreSignUp_AdminCreateUser invocation of the same function
 * answered inside the create (the stand-in's hook calls the handler, as Cognito would call the function). Prints
 * the calls made and the time to answer, nested invocation included; asserts only correctness. Written to
 * {@code target/create-and-link-benchmark.txt}; CI runs 100 events per shape; {@code -Dbench.create.events=200} is the run the README reports.
 */
@QuarkusTest
@TestProfile(CreateAndLinkProfile.class)
@WithTestResource(StandInResource.class)
class CreateAndLinkBenchmarkTest {

    static final int EVENTS = Integer.getInteger("bench.create.events", 40);
    static final int WARM_UP = 30;

    @InjectStandIn
    CognitoStandIn standIn;

    @Inject
    ObjectMapper json;

    @Inject
    MergeSettings settings;

    @Inject
    PreSignUpHandler handler;

    @Inject
    UserDirectory directory;

    final AtomicInteger nestedInvocations = new AtomicInteger();
    final AtomicInteger nestedCalls = new AtomicInteger();
    final AtomicLong nestedNanos = new AtomicLong();

    void invokeNested(ObjectNode event) {
        int before = standIn.calls().size();
        long started = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nestedNanos.addAndGet(System.nanoTime() - started);
        nestedInvocations.incrementAndGet();
        nestedCalls.addAndGet(standIn.calls().size() - before);
    }

    static String event(String shape, int i) {
        ObjectNode event = Events.tree("federated-first");
        event.put("userName", "Descope_B" + shape + i);
        Events.attributes(event).put("email", "bench." + shape + "." + i + "@example.com");
        return event.toString();
    }

    record Run(String shape, long[] roundTrip, long[] handlerMillis, int callsPerEvent, double nestedPerEvent,
            int nestedCallsTotal, double nestedMillisMean) {
    }

    /** The same events when the native user exists first: the plain link, measured in the same run for comparison. */
    Run linkOnly(CapturingAuditLog audit) {
        standIn.reset();
        for (int i = 0; i < WARM_UP; i++) {
            standIn.addUser(StandInUser.confirmed("w" + i, "bench.linkw." + i + "@example.com"));
            given().contentType("application/json").body(event("linkw", i)).when().post().then().statusCode(200);
        }
        standIn.reset();
        for (int i = 0; i < EVENTS; i++) {
            standIn.addUser(StandInUser.confirmed("n" + i, "bench.link." + i + "@example.com"));
        }
        long[] roundTrip = new long[EVENTS];
        long[] handlerMillis = new long[EVENTS];
        int calls = -1;
        for (int i = 0; i < EVENTS; i++) {
            int before = standIn.calls().size();
            long started = System.nanoTime();
            given().contentType("application/json").body(event("link", i)).when().post().then().statusCode(200);
            roundTrip[i] = System.nanoTime() - started;
            assertThat(audit.last().path("reason").asText()).as("event %d", i).isEqualTo("linked");
            handlerMillis[i] = audit.last().path("DurationMs").asLong();
            calls = standIn.calls().size() - before;
            audit.clear();
        }
        return new Run("(link, native first)", roundTrip, handlerMillis, calls, 0, 0, 0);
    }

    Run run(String shape, boolean emailUsernames, CapturingAuditLog audit) {
        standIn.reset();
        directory.forgetUsernameShapes();
        standIn.usernameAttributesEmail(emailUsernames);
        standIn.onAdminCreateUser(this::invokeNested);
        for (int i = 0; i < WARM_UP; i++) {
            given().contentType("application/json").body(event(shape + "w", i)).when().post().then().statusCode(200);
        }
        standIn.reset();
        standIn.usernameAttributesEmail(emailUsernames);
        standIn.onAdminCreateUser(this::invokeNested);
        nestedInvocations.set(0);
        nestedCalls.set(0);
        nestedNanos.set(0);
        long[] roundTrip = new long[EVENTS];
        long[] handlerMillis = new long[EVENTS];
        int calls = -1;
        for (int i = 0; i < EVENTS; i++) {
            int before = standIn.calls().size();
            long started = System.nanoTime();
            given().contentType("application/json").body(event(shape, i)).when().post().then().statusCode(200);
            roundTrip[i] = System.nanoTime() - started;
            assertThat(audit.last().path("reason").asText()).as("event %d", i).isEqualTo("created-and-linked");
            handlerMillis[i] = audit.last().path("DurationMs").asLong();
            int made = standIn.calls().size() - before;
            assertThat(calls == -1 || calls == made).as("same calls for every event").isTrue();
            calls = made;
            audit.clear();
        }
        assertThat(standIn.calls("AdminLinkProviderForUser")).hasSize(EVENTS);
        assertThat(nestedInvocations.get()).isEqualTo(EVENTS);
        return new Run(shape, roundTrip, handlerMillis, calls, nestedInvocations.get() / (double) EVENTS,
                nestedCalls.get(), nestedNanos.get() / 1e6 / EVENTS);
    }

    @Test
    void createAndLinkOnOneWarmInstanceWithTheNestedInvocationCounted() throws IOException {
        CapturingAuditLog audit = CapturingAuditLog.install(json, settings);

        Run usernames = run("username", false, audit);
        Run emails = run("email", true, audit);
        Run links = linkOnly(audit);

        String table = table(usernames, emails, links);
        System.out.println(table);
        Files.writeString(Path.of("target/create-and-link-benchmark.txt"), table);
        assertThat(usernames.nestedCallsTotal()).isZero();
        assertThat(emails.nestedCallsTotal()).isZero();
    }

    static String table(Run... runs) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nCreate-and-link: %d federated first sign-ins in a row per pool shape, one warm instance (Java %s, %d CPUs)%n",
                EVENTS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        out.append(String.format(Locale.ROOT, "  system load average at the end: %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.append("  pool username        calls/event  nested/event  nested calls  nested ms (mean)   round trip p50 / p90 / p99 / max (ms)   handler p50 / p99 (ms)\n");
        for (Run run : runs) {
            long[] sorted = run.roundTrip().clone();
            Arrays.sort(sorted);
            long[] handler = run.handlerMillis().clone();
            Arrays.sort(handler);
            out.append(String.format(Locale.ROOT, "  %-20s %6d %13.1f %13d %17.2f   %7.2f / %6.2f / %6.2f / %6.2f   %10d / %3d%n",
                    run.shape(), run.callsPerEvent(), run.nestedPerEvent(), run.nestedCallsTotal(), run.nestedMillisMean(),
                    ms(sorted, 50), ms(sorted, 90), ms(sorted, 99), sorted[sorted.length - 1] / 1e6,
                    WarmLoadBenchmarkTest.percentile(handler, 50), WarmLoadBenchmarkTest.percentile(handler, 99)));
        }
        out.append("  (calls/event counts the function's Cognito calls: 1 ListUsers, DescribeUserPool (the first create of an\n"
                + "   instance only: the pool's shape), AdminCreateUser, AdminSetUserPassword, AdminLinkProviderForUser;\n"
                + "   the nested PreSignUp_AdminCreateUser invocation runs inside AdminCreateUser and is part of the round trip)\n");
        return out.toString();
    }

    static double ms(long[] sorted, int p) {
        return WarmLoadBenchmarkTest.percentile(sorted, p) / 1e6;
    }
}
