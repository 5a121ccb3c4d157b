package dev.cognitomerge.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.testing.OidcStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key cache of one issuer against an OpenID stand-in on loopback, with a clock the test moves: discovery is
 * checked, keys are cached, an unknown kid refetches at most once a minute, a failing issuer keeps cached keys for a
 * day and never gets asked on every request while keys are in hand.
 */
class IssuerKeysTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    OidcStandIn oidc;
    OidcStandIn.Issuer issuer;
    IssuerKeys keys;

    @BeforeEach
    void startTheIssuer() {
        oidc = OidcStandIn.start();
        issuer = oidc.issuer("pool").publish(OidcStandIn.rsaKey("k1"));
        keys = new IssuerKeys(issuer.url(), new HttpFetcher(), new ObjectMapper(), nanos::get);
    }

    @AfterEach
    void stop() {
        oidc.close();
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    long fetches() {
        return oidc.fetches().size();
    }

    @Test
    void findsAKeyByDiscoveryAndCachesIt() throws Exception {
        assertThat(keys.key("k1")).isNotNull();
        assertThat(oidc.fetches()).containsExactly("/pool/.well-known/openid-configuration", "/pool/.well-known/jwks.json");

        assertThat(keys.key("k1")).isNotNull();
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void anUnknownKidRefetchesAtMostOnceAMinuteAndFindsARotatedKey() throws Exception {
        keys.key("k1");
        issuer.publish(OidcStandIn.rsaKey("k2"));

        // within the minute: no refetch, however many made-up kids arrive
        for (int i = 0; i < 50; i++) {
            assertThat(keys.key("made-up-" + i)).isNull();
        }
        assertThat(keys.key("k2")).isNull();
        assertThat(fetches()).isEqualTo(2);

        // a minute later, one refetch finds the rotated key
        advance(Duration.ofSeconds(61));
        assertThat(keys.key("k2")).isNotNull();
        assertThat(fetches()).isEqualTo(4);
    }

    @Test
    void keysOlderThanAnHourAreRefreshedAndAKeyRemovedAtTheIssuerIsGone() throws Exception {
        keys.key("k1");
        issuer.unpublishAll().publish(OidcStandIn.rsaKey("k3"));
        advance(Duration.ofMinutes(61));

        assertThat(keys.key("k1")).isNull();
        assertThat(keys.key("k3")).isNotNull();
    }

    @Test
    void aFailingIssuerKeepsTheCachedKeysForADayThenStops() throws Exception {
        keys.key("k1");
        advance(Duration.ofMinutes(61));
        oidc.failNext(100);

        assertThat(keys.key("k1")).as("stale but usable").isNotNull();
        long afterFailure = fetches();
        assertThat(keys.key("k1")).isNotNull();
        assertThat(fetches()).as("no second attempt within the minute").isEqualTo(afterFailure);

        advance(Duration.ofHours(24));
        KeysUnavailableException error = catchThrowableOfType(KeysUnavailableException.class, () -> keys.key("k1"));
        assertThat(error).isNotNull();
        assertThat(error.detail()).isEqualTo("discovery-status-500");
    }

    @Test
    void anIssuerThatCannotBeReachedIsUnavailableNotAnInvalidToken() {
        oidc.failNext(1);

        KeysUnavailableException error = catchThrowableOfType(KeysUnavailableException.class, () -> keys.key("k1"));

        assertThat(error.detail()).isEqualTo("discovery-status-500");
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsNotBelieved() {
        issuer.claimIssuer("https://evil.example/pool");

        KeysUnavailableException error = catchThrowableOfType(KeysUnavailableException.class, () -> keys.key("k1"));

        assertThat(error.detail()).isEqualTo("discovery-issuer-mismatch");
    }

    @Test
    void keysAreNeverFetchedOverPlainHttpFromAnotherHost() {
        issuer.jwksUri("http://keys.example/jwks.json");

        KeysUnavailableException error = catchThrowableOfType(KeysUnavailableException.class, () -> keys.key("k1"));

        assertThat(error.detail()).isEqualTo("discovery-jwks-uri-not-https");
    }

    @Test
    void endpointsAreHttpsOrLoopback() {
        assertThat(Endpoints.acceptable(URI.create("https://api.descope.com/P2/.well-known/jwks.json"))).isTrue();
        assertThat(Endpoints.acceptable(URI.create("http://127.0.0.1:8080/jwks"))).isTrue();
        assertThat(Endpoints.acceptable(URI.create("http://localhost/jwks"))).isTrue();
        assertThat(Endpoints.acceptable(URI.create("http://api.descope.com/jwks"))).isFalse();
        assertThat(Endpoints.acceptable(URI.create("https://user@api.descope.com/jwks"))).isFalse();
        assertThat(Endpoints.acceptable(URI.create("https://api.descope.com/jwks?x=1"))).isFalse();
        assertThat(Endpoints.acceptable(URI.create("file:///etc/passwd"))).isFalse();
        assertThat(Endpoints.acceptable(null)).isFalse();
    }
}
