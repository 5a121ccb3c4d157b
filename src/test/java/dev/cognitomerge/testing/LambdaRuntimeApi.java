package dev.cognitomerge.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lambda Runtime API (version 2018-06-01) on loopback: what the Lambda service offers the runtime inside an
 * execution environment. A function process — the AWS Lambda Java runtime interface client, or any runtime loop —
 * polls {@code GET /runtime/invocation/next} and posts its answer; the caller queues events and waits for the
 * answers. Every wait is bounded.
 *
 * <p>Endpoints: {@code invocation/next} (blocks until an event is queued), {@code invocation/{id}/response},
 * {@code invocation/{id}/error}, {@code init/error}, and the two SnapStart ones the Java runtime client calls when
 * {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}: {@code restore/next} (answered at once: here "restore" follows
 * the checkpoint hooks immediately, with no snapshot in between) and {@code restore/error}.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:cognito-oidc-merge";
    /** How long one {@code next} request may block; a runtime waiting longer is stuck or forgotten. */
    static final Duration MAX_POLL = Duration.ofMinutes(10);

    static {
        disableNagle();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> delivered = new ConcurrentHashMap<>();
    private final CompletableFuture<RuntimeError> initError = new CompletableFuture<>();
    private final AtomicLong firstPollNanos = new AtomicLong();
    private final AtomicLong restoreNanos = new AtomicLong();

    private LambdaRuntimeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "lambda-runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /**
     * Makes every JDK HTTP server created from now on in this JVM (this API, the Cognito stand-in) send small
     * answers at once. By default it leaves Nagle's algorithm on, and a response written as headers then body
     * then waits for the peer's delayed ACK: about 40 ms per exchange on Linux loopback, which would swamp any
     * latency measured through it. Must run before the first server is created (the JDK reads it once).
     */
    public static void disableNagle() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Starts the API on a free loopback port. */
    public static LambdaRuntimeApi start() throws IOException {
        return new LambdaRuntimeApi();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code host:port}. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Queues an event; the runtime's next (or pending) {@code next} request receives it. */
    public Invocation enqueue(String event, Duration functionTimeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event.getBytes(StandardCharsets.UTF_8),
                functionTimeout);
        queued.add(invocation);
        return invocation;
    }

    /** Queues an event and waits for its answer. */
    public Answer invoke(String event, Duration wait) {
        return enqueue(event, Duration.ofSeconds(5)).await(wait);
    }

    /** The init error the runtime reported, if it reports one within {@code wait}. */
    public Optional<RuntimeError> awaitInitError(Duration wait) {
        try {
            return Optional.of(initError.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link System#nanoTime()} of the runtime's first {@code next} request: its init was over then. */
    public OptionalLong firstPollNanos() {
        long nanos = firstPollNanos.get();
        return nanos == 0 ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    /** {@link System#nanoTime()} of the {@code restore/next} request (SnapStart only): checkpoint hooks were done. */
    public OptionalLong restoreNanos() {
        long nanos = restoreNanos.get();
        return nanos == 0 ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    /** Forgets queued events (the next function process starts with an empty queue). */
    public void clear() {
        queued.clear();
        delivered.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        queued.forEach(invocation -> invocation.answer.cancel(false));
        delivered.values().forEach(invocation -> invocation.answer.cancel(false));
    }

    // ---------------------------------------------------------------- protocol

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && path.equals("invocation/next")) {
                next(exchange);
            } else if ("POST".equals(method) && path.startsWith("invocation/") && path.endsWith("/response")) {
                answer(exchange, path, false);
            } else if ("POST".equals(method) && path.startsWith("invocation/") && path.endsWith("/error")) {
                answer(exchange, path, true);
            } else if ("POST".equals(method) && (path.equals("init/error") || path.equals("restore/error"))) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                initError.complete(new RuntimeError(path, errorType(exchange), new String(body, StandardCharsets.UTF_8)));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("GET".equals(method) && path.equals("restore/next")) {
                restoreNanos.compareAndSet(0, System.nanoTime());
                send(exchange, 200, "");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown runtime API path\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPollNanos.compareAndSet(0, System.nanoTime());
        Invocation invocation;
        try {
            invocation = queued.poll(MAX_POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // closing: the connection is dropped
        }
        if (invocation == null) {
            send(exchange, 500, "{\"errorMessage\":\"no event within " + MAX_POLL + "\",\"errorType\":\"Timeout\"}");
            return;
        }
        invocation.deliveredNanos = System.nanoTime();
        delivered.put(invocation.requestId, invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis()
                + invocation.functionTimeout.toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                + "-" + invocation.requestId.replace("-", "").substring(0, 24) + ";Sampled=0");
        exchange.sendResponseHeaders(200, invocation.event.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event);
        }
    }

    private void answer(HttpExchange exchange, String path, boolean error) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        long answered = System.nanoTime();
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        Invocation invocation = delivered.remove(requestId);
        if (invocation == null) {
            send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        send(exchange, 202, "{\"status\":\"OK\"}");
        invocation.answer.complete(new Answer(error, error ? errorType(exchange) : null, body, answered));
    }

    private static String errorType(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** One queued event and, once the runtime posts it, its answer. */
    public static final class Invocation {
        private final String requestId;
        private final byte[] event;
        private final Duration functionTimeout;
        private final long queuedNanos = System.nanoTime();
        private volatile long deliveredNanos;
        private final CompletableFuture<Answer> answer = new CompletableFuture<>();

        Invocation(String requestId, byte[] event, Duration functionTimeout) {
            this.requestId = requestId;
            this.event = event;
            this.functionTimeout = functionTimeout;
        }

        public String requestId() {
            return requestId;
        }

        public long queuedNanos() {
            return queuedNanos;
        }

        /** When a {@code next} request took the event; 0 while it waits in the queue. */
        public long deliveredNanos() {
            return deliveredNanos;
        }

        /** The answer, or an {@link AssertionError} if none arrives within {@code wait}. */
        public Answer await(Duration wait) {
            try {
                return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no answer to request " + requestId + " within " + wait, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for request " + requestId, e);
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                throw new AssertionError("request " + requestId + " was abandoned", e);
            }
        }

        /** The answer if it has arrived. */
        public Optional<Answer> answer() {
            return Optional.ofNullable(answer.getNow(null));
        }
    }

    /** What the runtime posted for one event: the response, or an error with its type. */
    public record Answer(boolean error, String errorType, byte[] body, long answeredNanos) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An init or restore error: the path it was posted to, its error type header and body. */
    public record RuntimeError(String path, String errorType, String body) {
    }
}
