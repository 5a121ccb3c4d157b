package dev.cognitomerge.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What function.zip is: the JVM package (the managed {@code java21} runtime loads the Quarkus handler from it) or
 * the native one (a {@code bootstrap} executable that {@code provided.al2023} runs). The build says which one it
 * made through the {@code function.packaging} system property (failsafe sets it; {@code -Dnative} makes it
 * {@code native}), and the integration tests start the package the way its Lambda runtime does, so the same tests
 * hold for both.
 */
public enum Packaging {
    JVM,
    NATIVE;

    /** The packaging the build made (default: JVM, as {@code ./mvnw package} makes). */
    public static Packaging built() {
        String value = System.getProperty("function.packaging", "jvm").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "jvm" -> JVM;
            case "native" -> NATIVE;
            default -> throw new IllegalArgumentException("function.packaging must be jvm or native, but is '"
                    + value + "'");
        };
    }

    /** The value {@code function-package.json} holds for this packaging. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The command Lambda's runtime runs in the task root: for the JVM, the AWS Lambda Java runtime interface client
     * with the handler (as the managed runtime does); for native, {@code bootstrap} itself (with the {@code -D}
     * system properties among {@code jvmOptions}).
     */
    public List<String> command(Path taskRoot, List<String> jvmOptions) {
        return switch (this) {
            case JVM -> LambdaFunctionProcess.javaRuntimeCommand(LambdaFunctionProcess.currentJava(), jvmOptions,
                    LambdaFunctionProcess.QUARKUS_HANDLER);
            // A native executable reads -D system properties from its own command line at start, as the JVM does;
            // the JVM-only options (-XX, -Xmx ...) have no meaning there.
            case NATIVE -> Stream.concat(Stream.of(taskRoot.resolve("bootstrap").toString()),
                    jvmOptions.stream().filter(option -> option.startsWith("-D"))).toList();
        };
    }

    /** The Lambda environment of this runtime ({@code _HANDLER} is what the function's configuration declares). */
    public Map<String, String> environment(String runtimeApi, Path taskRoot) {
        return LambdaFunctionProcess.lambdaEnvironment(runtimeApi, taskRoot,
                this == JVM ? LambdaFunctionProcess.QUARKUS_HANDLER : "bootstrap");
    }
}
