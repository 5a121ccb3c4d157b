package dev.cognitomerge.hardening;

import dev.cognitomerge.standin.CognitoStandIn;
import dev.cognitomerge.standin.StandInUser;
import dev.cognitomerge.testing.Events;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

/** What the hardening tests share: the accounts they use, the time bounds and the test profiles. */
final class Hardening {

    /** The native account the sample "link" event (jane@example.com, Descope) belongs to. */
    static final String JANE = "3f6b1c2e-8d4a-4f0e-9a57-2c1d9e7b5a01";
    static final String JANE_SUBJECT = "U2aBcDeF1gHiJkLmN0pQ";

    /** The function's default budget (MergeConfig) and the small one the fault tests use to stay fast. */
    static final Duration DEFAULT_BUDGET = Duration.ofMillis(4500);
    static final Duration TIGHT_BUDGET = Duration.ofMillis(800);

    /** Added to a budget for the handler's own duration: SDK timeouts firing late on a busy machine. */
    static final Duration HANDLER_MARGIN = Duration.ofMillis(1000);

    /** Added to a budget for the round trip: also the mock event server's hop, JIT and GC on 2 cores. */
    static final Duration ROUND_TRIP_MARGIN = Duration.ofMillis(3000);

    /** A fault delay no budget + handler margin here can absorb: if a timeout did not fire, it shows. */
    static final Duration SLOWER_THAN_THE_BUDGET = Duration.ofMillis(2500);

    private static boolean warm;

    private Hardening() {
    }

    /**
     * Once per JVM (surefire starts one per test class): one clean sign-in, so the first SDK request's class
     * loading (~0.2 s, seconds on a loaded machine) is not counted against an 800 ms budget. These tests are
     * about faults; cold starts are the benchmark's and SnapStart's subject.
     */
    static synchronized void warmUp(CognitoStandIn standIn) {
        if (!warm) {
            standIn.reset();
            standIn.addUser(StandInUser.confirmed(JANE, "jane@example.com"));
            Delivery.of(Events.text("link"));
            standIn.reset();
            warm = true;
        }
    }

    /** After the one-time warm-up, a pool that holds only Jane (confirmed, enabled, verified email). */
    static void onlyJane(CognitoStandIn standIn) {
        warmUp(standIn);
        standIn.reset();
        standIn.addUser(StandInUser.confirmed(JANE, "jane@example.com"));
    }

    /** merge.time-budget=800ms, failure action refuse (the default). */
    public static class TightBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("merge.time-budget", TIGHT_BUDGET.toMillis() + "ms");
        }
    }

    /** merge.time-budget=800ms, merge.on-lookup-failed=continue. */
    public static class TightBudgetContinuing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("merge.time-budget", TIGHT_BUDGET.toMillis() + "ms",
                    "merge.on-lookup-failed", "continue");
        }
    }

    /** Cognito's endpoint is a loopback port nobody listens on: every call is refused at connect. */
    public static class UnreachableCognito implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.cognito-user-pools.endpoint-override", "http://127.0.0.1:" + closedLoopbackPort(),
                    "quarkus.cognito-user-pools.aws.region", "us-east-1",
                    "quarkus.cognito-user-pools.aws.credentials.type", "static",
                    "quarkus.cognito-user-pools.aws.credentials.static-provider.access-key-id", "test-only",
                    "quarkus.cognito-user-pools.aws.credentials.static-provider.secret-access-key", "test-only");
        }
    }

    /** A port that was free a moment ago and is closed now (bound, then released). */
    static int closedLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
