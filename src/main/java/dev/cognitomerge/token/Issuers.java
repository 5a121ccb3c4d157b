package dev.cognitomerge.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key caches of every issuer the function verifies tokens of, for the life of the instance. A bean of its own:
 * Lambda handlers are resolved per invocation, and a cache kept in one would be refetched on every request.
 */
@ApplicationScoped
public class Issuers {

    private final HttpFetcher http;
    private final ObjectMapper json;
    private final Map<String, IssuerKeys> keys = new ConcurrentHashMap<>();

    @Inject
    public Issuers(ObjectMapper json) {
        this(new HttpFetcher(), json);
    }

    public Issuers(HttpFetcher http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    public IssuerKeys of(String issuer) {
        return keys.computeIfAbsent(issuer, name -> new IssuerKeys(name, http, json, System::nanoTime));
    }
}
