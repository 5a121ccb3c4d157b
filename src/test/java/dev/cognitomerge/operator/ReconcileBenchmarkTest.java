package dev.cognitomerge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The report over a seeded pool of 10,000 users (-Dbench.reconcile.users=N to change it): prints pages, calls and
 * seconds. Bounded; asserts the counts, never the time. Runs at --rate 500: against Cognito the default 5/s makes
 * the same calls take calls/5 seconds.
 */
class ReconcileBenchmarkTest extends OperatorOverStandIn {

    @Test
    void theReportOverThousandsOfUsersCountsEveryRepairableProfile() {
        // GIVEN N users: every fifth one a federated profile, every other of those with a native owner
        int users = Integer.getInteger("bench.reconcile.users", 2_000);
        int repairable = 0;
        for (int i = 0; i < users; i++) {
            if (i % 5 == 4) {
                standIn.addUser(federated("s" + i, "person" + (i - 1) + "@example.com", true));
                repairable += (i / 5) % 2 == 0 ? 1 : 0;
            } else {
                String email = (i % 5 == 3 && (i / 5) % 2 == 1) ? "other" + i + "@example.com" : "person" + i + "@example.com";
                standIn.addUser(confirmed("native-" + i, email));
            }
        }

        // WHEN the report runs
        long started = System.nanoTime();
        Run run = operator("reconcile");
        double seconds = (System.nanoTime() - started) / 1e9;

        // THEN it counts every repairable profile; the figures are printed
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.users("class", "repairable")).hasSize(repairable);
        assertThat(run.users("class", "no-native-user")).hasSize(users / 5 - repairable);
        int pages = standIn.calls("ListUsers").size();
        assertThat(pages).isEqualTo((users + 59) / 60);
        // Every call waits its turn at the rate: the listing is pages/5 s at the default, and each repairable row adds
        // the owner's MFA state and both users' groups (3 calls).
        int calls = standIn.calls().size();
        System.out.printf("reconcile report: %d users, %d pages, %d calls (%d repairable rows), %.1f s at --rate 500"
                + " (at the default 5/s: %.0f s of listing, %.0f s in all)%n", users, pages, calls, repairable, seconds,
                pages / 5.0, calls / 5.0);
    }
}
