package dev.cognitomerge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the figures come from: CPU, cores, load, and the runtimes' versions. */
final class Machine {

    private final String cpuModel = cpuInfo("model name").orElse(System.getProperty("os.arch"));
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
    private final String loadBefore = load();
    private String loadAfter = "";
    private final List<String> runtimes = new ArrayList<>();

    String cpuModel() {
        return cpuModel;
    }

    int cores() {
        return cores;
    }

    String os() {
        return os;
    }

    String loadBefore() {
        return loadBefore;
    }

    String loadAfter() {
        return loadAfter;
    }

    void finished() {
        loadAfter = load();
    }

    List<String> runtimes() {
        return runtimes;
    }

    void runtime(String description) {
        if (!runtimes.contains(description)) {
            runtimes.add(description);
        }
    }

    /** "JDK 17.0.15 (Debian)" from a JAVA_HOME's release file. */
    static String jdk(Path javaHome) {
        try {
            String version = null;
            String vendor = null;
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    version = line.substring(line.indexOf('=') + 1).replace("\"", "");
                } else if (line.startsWith("IMPLEMENTOR=")) {
                    vendor = line.substring(line.indexOf('=') + 1).replace("\"", "");
                }
            }
            return "JDK " + version + (vendor == null ? "" : " (" + vendor + ")");
        } catch (IOException e) {
            return "JDK at " + javaHome;
        }
    }

    /** 1-, 5- and 15-minute load averages: other work on the machine skews cold starts. */
    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static Optional<String> cpuInfo(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
