package dev.cognitomerge.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.quarkus.runtime.LaunchMode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Reports a wrong setting to the Lambda Runtime API as the function's init error, then ends the process.
 *
 * <p>Neither runtime does this with our sentence. The native bootstrap's poll loop reports whatever interrupted
 * its own wait for the application ("Interrupted while waiting for another thread to start the application"), and
 * the Java runtime client reports Quarkus' wrapper ("Quarkus manual initialization failed"): the operator who opens
 * the function's error in the console or in {@code aws lambda invoke} output would not learn which variable is
 * wrong. The Runtime API's contract after {@code /runtime/init/error} is that the runtime exits (AWS Lambda
 * Developer Guide, "Using the Lambda runtime API for custom runtimes", Initialization error), so we exit at once
 * and neither runtime reports a second, vaguer error.
 *
 * <p>Only in a Lambda execution environment ({@code AWS_LAMBDA_RUNTIME_API} set) of a packaged function
 * (production launch mode); tests and dev mode see the exception as before.
 */
final class LambdaInitError {

    private static final Logger LOG = Logger.getLogger(LambdaInitError.class);
    static final String ERROR_TYPE = "InvalidConfiguration";
    static final int TIMEOUT_MILLIS = 2_000;

    private LambdaInitError() {
    }

    static void reportAndExit(InvalidConfigurationException error) {
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (runtimeApi == null || runtimeApi.isBlank() || LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        LOG.error(error.getMessage());
        try {
            post(runtimeApi, error.getMessage());
        } catch (IOException | RuntimeException e) {
            // Lambda then reports the runtime's own error; the sentence is still in the log above.
            LOG.errorf("Could not report the init error to the Lambda Runtime API: %s", e.toString());
        }
        System.out.flush();
        System.err.flush();
        // halt, not exit: shutdown hooks would try to stop an application that is still starting.
        Runtime.getRuntime().halt(1);
    }

    private static void post(String runtimeApi, String message) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI
                .create("http://" + runtimeApi + "/2018-06-01/runtime/init/error").toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Lambda-Runtime-Function-Error-Type", "Runtime." + ERROR_TYPE);
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        String body = "{\"errorMessage\":\"" + new String(encoder.quoteAsString(message)) + "\",\"errorType\":\""
                + ERROR_TYPE + "\",\"stackTrace\":[]}";
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        if (status / 100 != 2) {
            throw new IOException("Runtime API answered " + status);
        }
    }
}
