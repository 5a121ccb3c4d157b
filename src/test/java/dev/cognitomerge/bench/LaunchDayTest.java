package dev.cognitomerge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognitomerge.bench.LaunchDay.Profile;
import dev.cognitomerge.bench.LaunchDay.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launch-day profiles shortened to a few seconds each (same rates and quotas; the person's pause shortened with
 * them, and each bucket's burst cut to 0.2 s of its rate so that a 3 s run is throttled at all), in every build: whatever the load, no sign-in is lost and none is linked twice or to the
 * wrong user. Timings are printed, never asserted (they depend on the machine); {@link LaunchDayBench} is the
 * measurement. Written to {@code target/launch-day-short.json}.
 */
class LaunchDayTest {

    @Test
    void underEveryLaunchProfileNoSignInIsLostAndNoneIsLinkedTwice() throws Exception {
        // GIVEN 50 instances, Cognito's default quotas and the five profiles, 3 s each (the person's pause 2-4 s)
        LaunchDay.Settings settings = LaunchDay.Settings.fromSystemProperties(3, 2, 4, 0.2);
        String machine = LaunchDayReport.machine();
        List<Result> results = new ArrayList<>();
        try (LaunchDay launch = new LaunchDay(settings)) {
            launch.warmUp(5);
            // WHEN each profile runs, with re-deliveries and people retrying after a refusal
            for (Profile profile : LaunchDay.profiles(settings.seconds())) {
                results.add(launch.run(profile));
            }
        }
        String table = LaunchDay.table(results, settings, machine);
        System.out.println(table);
        LaunchDayReport.write(Path.of("target/launch-day-short.json"), results, settings, machine, table);

        // THEN nobody is lost and nobody is linked twice or to someone else's account
        assertThat(results).hasSize(5).allSatisfy(result -> {
            assertThat(result.signIns()).as("%s: sign-ins offered", result.name()).isPositive();
            assertThat(result.lost()).as("%s: lost (never linked, or split)", result.name()).isZero();
            assertThat(result.doubled()).as("%s: doubled", result.name()).isZero();
        });
    }
}
