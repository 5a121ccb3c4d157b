package dev.cognitomerge.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A function running in a child process the way Lambda runs it: a clean environment holding only what the Lambda
 * service sets (plus what the caller adds), the task root as working directory, standard output and error in
 * files. {@link #close()} always ends the process.
 */
public final class LambdaFunctionProcess implements AutoCloseable {

    /** Main class of the AWS Lambda Java runtime interface client, which the managed Java runtimes run. */
    public static final String JAVA_RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The handler function.zip declares (Quarkus' JVM entry point). */
    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private final Process process;
    private final long startedNanos;
    private final Path stdout;
    private final Path stderr;

    private LambdaFunctionProcess(Process process, long startedNanos, Path stdout, Path stderr) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code command} in {@code taskRoot} with {@code environment} only; output goes to
     * {@code logDir/<name>.out} and {@code .err}.
     */
    public static LambdaFunctionProcess start(List<String> command, Map<String, String> environment, Path taskRoot,
            Path logDir, String name) {
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(name + ".out");
            Path err = logDir.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(taskRoot.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            return new LambdaFunctionProcess(builder.start(), started, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * What the Lambda service sets in every execution environment (AWS Lambda developer guide, "Defined runtime
     * environment variables"), with static test credentials and {@code AWS_LAMBDA_RUNTIME_API}.
     */
    public static Map<String, String> lambdaEnvironment(String runtimeApi, Path taskRoot, String handler) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test-only");
        env.put("AWS_SECRET_ACCESS_KEY", "test-only");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "cognito-oidc-merge");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/cognito-oidc-merge");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handler);
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    /**
     * The managed Java runtime's command: the runtime interface client on the class path, the handler as its
     * argument. The client loads the function from its working directory (the task root: classes at the top,
     * {@code lib/*.jar}) in its own class loader, as on Lambda.
     */
    public static List<String> javaRuntimeCommand(Path javaExecutable, List<String> jvmOptions, String handler) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, runtimeClientClassPath()));
        command.add(JAVA_RUNTIME_MAIN);
        command.add(handler);
        return command;
    }

    /** The runtime interface client and its dependencies, taken from this JVM's (test) class path. */
    public static List<String> runtimeClientClassPath() {
        List<String> jars = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    String name = Path.of(entry).getFileName().toString();
                    return name.startsWith("aws-lambda-java-runtime-interface-client-")
                            || name.startsWith("aws-lambda-java-core-")
                            || name.startsWith("aws-lambda-java-serialization-")
                            || name.startsWith("utils-lite-");
                })
                .toList();
        if (jars.stream().noneMatch(jar -> jar.contains("aws-lambda-java-runtime-interface-client-"))) {
            throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the test class path");
        }
        return jars;
    }

    /** The current JVM's {@code java} executable. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the process was spawned. */
    public long startedNanos() {
        return startedNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code if the process ends within {@code wait}. */
    public OptionalLong awaitExit(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalLong.of(process.exitValue())
                    : OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** Peak resident set size in KiB so far ({@code VmHWM} in /proc/<pid>/status), while the process lives. */
    public OptionalLong peakRssKib() {
        return peakRssKib(process.pid());
    }

    public static OptionalLong peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return OptionalLong.empty();
    }

    /**
     * CPU time the process has used so far (user + system, all threads, in ms; /proc/<pid>/stat, 10 ms ticks):
     * unlike wall time it hardly changes when other work competes for the cores.
     */
    public OptionalLong cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return OptionalLong.of(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** USER_HZ: 100 on every Linux kernel configuration in practical use (getconf CLK_TCK). */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Standard output and error, for an assertion message. */
    public String output() {
        return "--- stdout\n" + tail(stdout()) + "\n--- stderr\n" + tail(stderr());
    }

    private static String tail(String text) {
        return text.length() <= 20_000 ? text : "..." + text.substring(text.length() - 20_000);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks the process to stop (SIGTERM, so a JVM runs its exit work) and waits up to {@code grace}; then kills it. */
    public void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process: politely, then forcibly; waits a bounded time for it to go. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
