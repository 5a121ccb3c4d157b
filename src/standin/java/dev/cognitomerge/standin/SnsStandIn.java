package dev.cognitomerge.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-memory Amazon SNS that speaks the AWS Query protocol (form-encoded POST, XML answers) on loopback, so the
 * function's real SNS client runs against it unchanged. It implements Publish as the API reference describes it:
 * {@code Action=Publish}, {@code TopicArn}, {@code Message}; a {@code PublishResponse} with a {@code MessageId}; a
 * topic that does not exist answers 404 {@code NotFound} "Topic does not exist". Test code only, like
 * {@link CognitoStandIn}: it never ships in the function.
 */
public final class SnsStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Set<String> topics = new HashSet<>();
    private final List<Published> published = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();

    private SnsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "sns-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static SnsStandIn start() throws IOException {
        return new SnsStandIn();
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    public synchronized void createTopic(String arn) {
        topics.add(arn);
    }

    /** Messages published since the last {@link #reset()}, in order. */
    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    /** The next Publish calls meet these faults ({@link Fault.Error}, {@link Fault.Delay}), one each. */
    public synchronized void script(Fault... scripted) {
        faults.addAll(List.of(scripted));
    }

    /** Forgets messages and faults; topics stay. */
    public synchronized void reset() {
        published.clear();
        faults.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                sendError(exchange, 403, "Sender", "MissingAuthenticationToken", "Missing Authentication Token");
                return;
            }
            if (!"Publish".equals(form.get("Action"))) {
                sendError(exchange, 400, "Sender", "InvalidAction", "Operation not supported by the stand-in: "
                        + form.get("Action"));
                return;
            }
            Fault fault;
            synchronized (this) {
                fault = faults.pollFirst();
            }
            if (fault instanceof Fault.Delay delay) {
                sleep(delay.delay().toMillis());
            } else if (fault instanceof Fault.Error error) {
                sendError(exchange, error.status(), error.status() >= 500 ? "Receiver" : "Sender", error.type(),
                        error.message());
                return;
            }
            String topicArn = form.get("TopicArn");
            String message = form.get("Message");
            if (message == null || message.isEmpty()) {
                sendError(exchange, 400, "Sender", "InvalidParameter", "Invalid parameter: Empty message");
                return;
            }
            synchronized (this) {
                if (!topics.contains(topicArn)) {
                    sendError(exchange, 404, "Sender", "NotFound", "Topic does not exist");
                    return;
                }
                published.add(new Published(topicArn, message));
            }
            send(exchange, 200, "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                    + "<PublishResult><MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
                    + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                    + "</PublishResponse>");
        } catch (RuntimeException e) {
            sendError(exchange, 500, "Receiver", "InternalError", "stand-in: " + e);
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void sendError(HttpExchange exchange, int status, String type, String code, String message)
            throws IOException {
        send(exchange, status, "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>"
                + type + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Publish as received. */
    public record Published(String topicArn, String message) {
    }
}
