package dev.cognitomerge.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The signing keys of one issuer, found the OpenID way: {@code <issuer>/.well-known/openid-configuration}, whose
 * {@code issuer} must be ours exactly and whose {@code jwks_uri} names the key set (OpenID Connect Discovery 1.0,
 * section 4.3; docs/cognito-facts.md#jwks-discovery). Keys are cached: fetched on first use (never at init, so a
 * native build or a SnapStart snapshot holds none), refreshed when older than {@link #REFRESH_AFTER}, and an unknown
 * {@code kid} (a rotation) refetches at most once per {@link #UNKNOWN_KID_INTERVAL}, so a flood of made-up key ids
 * cannot turn the function into a load generator against the issuer. When a refresh fails, keys up to
 * {@link #STALE_LIMIT} old are still used: an IdP outage should not stop links whose keys we already hold.
 */
public class IssuerKeys {

    static final Duration REFRESH_AFTER = Duration.ofHours(1);
    static final Duration UNKNOWN_KID_INTERVAL = Duration.ofMinutes(1);
    static final Duration STALE_LIMIT = Duration.ofHours(24);
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private final String issuer;
    private final HttpFetcher http;
    private final ObjectMapper json;
    private final LongSupplier nanoClock;

    private JWKSet keys;
    private long fetchedAt;
    private long lastAttempt;
    private boolean attempted;

    public IssuerKeys(String issuer, HttpFetcher http, ObjectMapper json, LongSupplier nanoClock) {
        this.issuer = issuer;
        this.http = http;
        this.json = json;
        this.nanoClock = nanoClock;
    }

    public String issuer() {
        return issuer;
    }

    /**
     * The key named {@code kid}, or null when the issuer has none by that name (after at most one refetch a minute).
     *
     * @throws KeysUnavailableException when no keys could be read and none usable are cached
     */
    public synchronized JWK key(String kid) throws KeysUnavailableException {
        long now = nanoClock.getAsLong();
        if (keys == null || now - fetchedAt > REFRESH_AFTER.toNanos()) {
            refreshOrKeepStale(now);
        }
        JWK key = keys.getKeyByKeyId(kid);
        if (key == null && now - lastAttempt > UNKNOWN_KID_INTERVAL.toNanos()) {
            refreshOrKeepStale(now);
            key = keys.getKeyByKeyId(kid);
        }
        return key;
    }

    private void refreshOrKeepStale(long now) throws KeysUnavailableException {
        // With keys in hand, one attempt a minute at most (a failing refresh keeps them); without any, every request
        // tries, each bounded by HttpFetcher's time-outs.
        if (attempted && now - lastAttempt <= UNKNOWN_KID_INTERVAL.toNanos() && keys != null) {
            return;
        }
        attempted = true;
        lastAttempt = now;
        try {
            keys = fetch();
            fetchedAt = now;
        } catch (KeysUnavailableException failure) {
            if (keys == null || now - fetchedAt > STALE_LIMIT.toNanos()) {
                keys = null;
                throw failure;
            }
        }
    }

    private JWKSet fetch() throws KeysUnavailableException {
        URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        JsonNode document = readObject(discovery, "discovery");
        // OpenID Connect Discovery 1.0, 4.3: the issuer in the document MUST be identical to the one configured.
        if (!issuer.equals(document.path("issuer").asText(null))) {
            throw new KeysUnavailableException("discovery-issuer-mismatch");
        }
        String jwksUri = document.path("jwks_uri").asText("");
        URI keysUri;
        try {
            keysUri = URI.create(jwksUri);
        } catch (IllegalArgumentException e) {
            throw new KeysUnavailableException("discovery-jwks-uri-invalid");
        }
        if (!Endpoints.acceptable(keysUri)) {
            throw new KeysUnavailableException("discovery-jwks-uri-not-https");
        }
        JsonNode set = readObject(keysUri, "jwks");
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.convertValue(set, Map.class);
            return JWKSet.parse(map);
        } catch (ParseException | IllegalArgumentException e) {
            throw new KeysUnavailableException("jwks-unreadable");
        }
    }

    private JsonNode readObject(URI uri, String what) throws KeysUnavailableException {
        String body;
        try {
            body = http.get(uri, MAX_DOCUMENT_BYTES);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() != null && e.getMessage().matches("[a-z0-9-]{1,32}") ? e.getMessage()
                    : e.getClass().getSimpleName();
            throw new KeysUnavailableException(what + "-" + reason);
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new KeysUnavailableException(what + "-not-an-object");
            }
            return node;
        } catch (IOException e) {
            throw new KeysUnavailableException(what + "-unreadable");
        }
    }
}
