package dev.cognitomerge.bench;

import dev.cognitomerge.bench.LaunchDay.Profile;
import dev.cognitomerge.bench.LaunchDay.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's launch-day benchmark, run by {@code ./mvnw -Pbench verify} (failsafe, with ColdStartBench;
 * {@code -Dit.test=LaunchDayBench} runs it alone): the five profiles of {@link LaunchDay#profiles}, 60 s each (not
 * scaled), against the stand-in with Cognito's default quotas. Prints the table, writes {@code target/launch-day.json}
 * and {@code target/launch-day.txt}. About 8 minutes. No figure is asserted: a benchmark reports, the reader judges;
 * {@link LaunchDayTest} asserts lost = 0 and doubled = 0 on a short run in every build.
 *
 * <p>Settings (system properties): {@code launch.seconds} (60), {@code launch.concurrency} (50 instances),
 * {@code launch.profiles} (comma-separated names, default all), {@code launch.pauseMin} / {@code launch.pauseMax}
 * (the person's pause before retrying, 10 / 60 s), {@code launch.tries} (2: one retry), {@code launch.laterTries} (6: the
 * backlog's later tries), {@code launch.latencyMs} (20 ms
 * per Cognito call), {@code launch.seed}, {@code launch.output} (target/launch-day.json).
 */
class LaunchDayBench {

    @Test
    void theFiveLaunchDayProfilesAgainstCognitosQuotas() throws Exception {
        LaunchDay.Settings settings = LaunchDay.Settings.fromSystemProperties(60, 10, 60, 1.0);
        String machine = LaunchDayReport.machine();
        List<Result> results = new ArrayList<>();
        try (LaunchDay launch = new LaunchDay(settings)) {
            launch.warmUp(20);
            for (Profile profile : selected(LaunchDay.profiles(settings.seconds()))) {
                Result result = launch.run(profile);
                results.add(result);
                System.out.println(LaunchDay.table(List.of(result), settings, machine));
            }
        }
        String table = LaunchDay.table(results, settings, machine + " (at start); load at end "
                + LaunchDayReport.machine().replaceAll(".*load ([0-9. ]+),.*", "$1"));
        System.out.println(table);
        LaunchDayReport.write(Path.of(System.getProperty("launch.output", "target/launch-day.json")), results, settings,
                machine, table);
    }

    static List<Profile> selected(List<Profile> all) {
        String names = System.getProperty("launch.profiles", "");
        if (names.isBlank()) {
            return all;
        }
        List<String> wanted = List.of(names.split(","));
        return all.stream().filter(profile -> wanted.contains(profile.name())).toList();
    }
}
