package dev.cognitomerge.bench;

import dev.cognitomerge.testing.LambdaFunctionProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One way of running a function under the benchmark: what to spawn, where, and what to prepare first. */
abstract class Variant {

    final String id;
    final String label;

    Variant(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Why this variant cannot run on this machine, if it cannot. */
    Optional<String> unavailable(Bench bench) {
        return Optional.empty();
    }

    /** Work done once before the measured runs (a training run that writes class data, say). */
    void prepare(Bench bench) {
    }

    abstract List<String> command(Bench bench);

    abstract Path taskRoot(Bench bench);

    /** What the measured runs execute (options, script, binary), for the JSON. */
    abstract String options(Bench bench);

    /** A SnapStart init: the figures that matter are the ones after the (emulated) restore. */
    boolean snapStart() {
        return false;
    }

    /** The function's environment: Lambda's variables plus what this runtime needs. */
    Map<String, String> environment(Bench bench, String runtimeApi) {
        Map<String, String> env = LambdaFunctionProcess.lambdaEnvironment(runtimeApi, taskRoot(bench), handler());
        env.put("QUARKUS_COGNITO_USER_POOLS_ENDPOINT_OVERRIDE", bench.standInEndpoint());
        return env;
    }

    String handler() {
        return LambdaFunctionProcess.QUARKUS_HANDLER;
    }

    // ---------------------------------------------------------------- kinds

    /** Class data prepared by a training run that handles the sample events once. */
    enum Training {
        NONE,
        /** JDK 13+: {@code -XX:ArchiveClassesAtExit} (dynamic AppCDS), then {@code -XX:SharedArchiveFile}. */
        APP_CDS,
        /** JDK 25 (JEP 483/514/515): {@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}. */
        AOT_CACHE
    }

    /** Where the JVM finds the function's classes. */
    enum Layout {
        /**
         * As the managed Java runtime loads it: the runtime interface client on the class path, the function
         * (task root, lib/*.jar) in the client's own URLClassLoader.
         */
        MANAGED,
        /**
         * The function's jars on the JVM's class path too, as an {@code AWS_LAMBDA_EXEC_WRAPPER} script or a
         * custom runtime can arrange: the JVM's own loader then loads it, which class-data archives serve in
         * full (classes from a URLClassLoader are still read and checked). Class-data archives refuse class-path
         * directories with files in them, so the task root's classes are packed into lib/0-app.jar.
         */
        CLASS_PATH
    }

    /** The packaged JVM function under the AWS Lambda Java runtime interface client. */
    static final class Jvm extends Variant {
        final Path javaHome;
        final List<String> jvmOptions;
        final Training training;
        final Layout layout;
        final boolean snapStart;
        final Map<String, String> extraEnvironment;
        private Path archive;
        private boolean trained;

        Jvm(String id, String label, Path javaHome, List<String> jvmOptions, Training training, Layout layout,
                boolean snapStart, Map<String, String> extraEnvironment) {
            super(id, label);
            this.javaHome = javaHome;
            this.jvmOptions = List.copyOf(jvmOptions);
            this.training = training;
            this.layout = layout;
            this.snapStart = snapStart;
            this.extraEnvironment = Map.copyOf(extraEnvironment);
        }

        static Jvm of(String id, String label, Path javaHome, List<String> jvmOptions, Training training) {
            return new Jvm(id, label, javaHome, jvmOptions, training, Layout.MANAGED, false, Map.of());
        }

        Path java() {
            return javaHome.resolve("bin/java");
        }

        @Override
        boolean snapStart() {
            return snapStart;
        }

        @Override
        Optional<String> unavailable(Bench bench) {
            if (!Files.isExecutable(java())) {
                return Optional.of("no JDK at " + javaHome + " (set -Dbench.jdk25=<JAVA_HOME>)");
            }
            if (training != Training.NONE && trained && archive == null) {
                return Optional.of("the training run wrote no class data (see target/bench/logs/" + id
                        + "-training.*)");
            }
            return Optional.empty();
        }

        @Override
        void prepare(Bench bench) {
            if (training == Training.NONE) {
                return;
            }
            trained = true;
            Path file = bench.workDir().resolve("class-data").resolve(id + (training == Training.APP_CDS
                    ? ".jsa" : ".aot"));
            List<String> options = new ArrayList<>(jvmOptions);
            options.add(training == Training.APP_CDS ? "-XX:ArchiveClassesAtExit=" + file : "-XX:AOTCacheOutput=" + file);
            if (bench.train(this, command(bench, options), file)) {
                archive = file;
            }
        }

        @Override
        List<String> command(Bench bench) {
            return command(bench, measuredOptions());
        }

        private List<String> command(Bench bench, List<String> options) {
            List<String> all = new ArrayList<>(options);
            if (snapStart) {
                // What the managed runtime passes so org.crac reaches its hook implementation.
                all.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
            }
            List<String> command = LambdaFunctionProcess.javaRuntimeCommand(java(), all, handler());
            if (layout == Layout.CLASS_PATH) {
                int classPath = command.indexOf("-cp") + 1;
                command.set(classPath, command.get(classPath) + File.pathSeparator + taskRoot(bench).resolve("lib")
                        + File.separator + "*");
            }
            return command;
        }

        List<String> measuredOptions() {
            List<String> options = new ArrayList<>(jvmOptions);
            if (archive != null) {
                options.add(training == Training.APP_CDS ? "-XX:SharedArchiveFile=" + archive : "-XX:AOTCache=" + archive);
            }
            return options;
        }

        @Override
        Map<String, String> environment(Bench bench, String runtimeApi) {
            Map<String, String> env = super.environment(bench, runtimeApi);
            if (snapStart) {
                env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            }
            env.putAll(extraEnvironment);
            return env;
        }

        @Override
        Path taskRoot(Bench bench) {
            return layout == Layout.CLASS_PATH ? bench.classPathTaskRoot() : bench.jvmTaskRoot();
        }

        @Override
        String options(Bench bench) {
            List<String> shown = new ArrayList<>(measuredOptions());
            if (layout == Layout.CLASS_PATH) {
                shown.add("-cp <runtime client>:<task>/lib/*");
            }
            if (snapStart) {
                shown.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
                shown.add("AWS_LAMBDA_INITIALIZATION_TYPE=snap-start");
            }
            Map<String, String> env = new LinkedHashMap<>(extraEnvironment);
            env.forEach((key, value) -> shown.add(key + "=" + value));
            return String.join(" ", shown).replace(bench.projectDir() + File.separator, "");
        }
    }

    /** The reference Python function (bench/python-reference) under its minimal runtime loop. */
    static final class Python extends Variant {
        Python() {
            super("python", "Python + boto3 (reference)");
        }

        @Override
        Optional<String> unavailable(Bench bench) {
            return bench.python().isPresent() ? Optional.empty()
                    : Optional.of("python3 with boto3 not found on PATH");
        }

        @Override
        List<String> command(Bench bench) {
            return List.of(bench.python().orElseThrow().toString(), taskRoot(bench).resolve("bootstrap.py").toString());
        }

        @Override
        Path taskRoot(Bench bench) {
            return bench.projectDir().resolve("bench/python-reference");
        }

        @Override
        String handler() {
            return "lambda_function.handler";
        }

        @Override
        Map<String, String> environment(Bench bench, String runtimeApi) {
            Map<String, String> env = super.environment(bench, runtimeApi);
            env.remove("QUARKUS_COGNITO_USER_POOLS_ENDPOINT_OVERRIDE");
            env.put("COGNITO_ENDPOINT_URL", bench.standInEndpoint());
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            return env;
        }

        @Override
        String options(Bench bench) {
            return bench.python().map(Path::toString).orElse("python3") + " bench/python-reference/bootstrap.py";
        }
    }

    /** The native executable ({@code ./mvnw package -Dnative}), run as provided.al2023 runs {@code bootstrap}. */
    static final class Native extends Variant {
        Native() {
            super("native", "Quarkus native (provided.al2023 bootstrap)");
        }

        @Override
        Optional<String> unavailable(Bench bench) {
            // The executable is what is measured, wherever the toolchain that built it lives (GRAALVM_HOME, PATH,
            // a container build).
            if (Files.isExecutable(bench.nativeRunner())) {
                return Optional.empty();
            }
            String toolchain = System.getenv("GRAALVM_HOME") != null ? "GRAALVM_HOME is set"
                    : bench.onPath("native-image").isPresent() ? "native-image is on PATH" : null;
            return Optional.of(toolchain == null
                    ? "no native toolchain (GRAALVM_HOME or native-image on PATH) and no "
                            + bench.projectDir().relativize(bench.nativeRunner()) + "; nothing native is measured"
                    : toolchain + " but " + bench.projectDir().relativize(bench.nativeRunner())
                            + " is missing: run ./mvnw package -Dnative -DskipTests first, then this benchmark");
        }

        @Override
        List<String> command(Bench bench) {
            return List.of(bench.nativeRunner().toString());
        }

        @Override
        Path taskRoot(Bench bench) {
            return bench.nativeRunner().getParent();
        }

        @Override
        String options(Bench bench) {
            return bench.projectDir().relativize(bench.nativeRunner()).toString();
        }
    }
}
