package dev.cognitomerge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenID issuers on loopback, with keys made in the test: each issuer {@code http://127.0.0.1:<port>/<name>} serves
 * {@code /.well-known/openid-configuration} (naming its own {@code issuer} and {@code jwks_uri}) and
 * {@code /.well-known/jwks.json} with the public halves of its keys. One server stands in for the Cognito pool's
 * issuer and for Descope's, as the function reaches both: by discovery over HTTP. It counts every fetch and can be
 * told to fail, to rotate a key in, or to publish a key that was not there before.
 */
public final class OidcStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();
    private final List<String> fetches = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** One issuer: its signing keys (private halves stay here) and what its discovery document says. */
    public static final class Issuer {
        final String name;
        final String url;
        final List<JWK> published = new CopyOnWriteArrayList<>();
        volatile String discoveredIssuer;
        volatile String jwksUri;

        Issuer(String name, String url) {
            this.name = name;
            this.url = url;
            this.discoveredIssuer = url;
            this.jwksUri = url + "/.well-known/jwks.json";
        }

        public String url() {
            return url;
        }

        /** Publishes {@code key}'s public half in the JWKS (a rotation, or a second key). */
        public Issuer publish(JWK key) {
            published.add(key);
            return this;
        }

        /** Makes the discovery document claim another issuer (what a spoofed document would do). */
        public Issuer claimIssuer(String other) {
            this.discoveredIssuer = other;
            return this;
        }

        /** The key published under {@code kid}, private half included (to sign with). */
        public JWK key(String kid) {
            return published.stream().filter(key -> kid.equals(key.getKeyID())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no key " + kid + " at " + name));
        }

        /** Takes every key out of the JWKS. */
        public Issuer unpublishAll() {
            published.clear();
            return this;
        }

        public Issuer jwksUri(String uri) {
            this.jwksUri = uri;
            return this;
        }
    }

    private OidcStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "oidc-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static OidcStandIn start() {
        try {
            return new OidcStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String base() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** An issuer at {@code <base>/<name>} with no keys yet. */
    public Issuer issuer(String name) {
        return issuers.computeIfAbsent(name, n -> new Issuer(n, base() + "/" + n));
    }

    /** Every path fetched so far, in order. */
    public List<String> fetches() {
        return List.copyOf(fetches);
    }

    public void clearFetches() {
        fetches.clear();
    }

    /** The next {@code count} requests answer 500. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    public static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAKey rsaKey(String kid, int bits) {
        try {
            return new RSAKeyGenerator(bits, true).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey ecKey(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            fetches.add(path);
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                send(exchange, 500, "{}");
                return;
            }
            for (Issuer issuer : issuers.values()) {
                String prefix = "/" + issuer.name;
                if (path.equals(prefix + "/.well-known/openid-configuration")) {
                    ObjectNode document = json.createObjectNode();
                    document.put("issuer", issuer.discoveredIssuer);
                    document.put("jwks_uri", issuer.jwksUri);
                    document.putArray("id_token_signing_alg_values_supported").add("RS256").add("ES256");
                    send(exchange, 200, document.toString());
                    return;
                }
                if (path.equals(prefix + "/.well-known/jwks.json")) {
                    send(exchange, 200, new JWKSet(issuer.published.stream().map(JWK::toPublicJWK).toList())
                            .toString(true));
                    return;
                }
            }
            send(exchange, 404, "{}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
