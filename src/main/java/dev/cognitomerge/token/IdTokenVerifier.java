package dev.cognitomerge.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies a compact signed JWT (an OpenID ID token) against one issuer's keys and our expectations, and hands back
 * its claims only when every check passed: signature by a key of the issuer's JWKS chosen by {@code kid}, algorithm
 * on the allow-list with a key of the matching type, {@code iss} exactly, {@code aud} among the accepted clients,
 * {@code exp}/{@code nbf}/{@code iat} with a small clock skew, and for Cognito tokens {@code token_use=id}.
 *
 * <p>Why by hand around nimbus-jose-jwt instead of its {@code DefaultJWTProcessor}: every rule is visible here and
 * has its own refusal detail, and JSON is read with Jackson (duplicate member names refused, so a second
 * {@code "alg"} or {@code "sub"} cannot hide behind the first) and given to nimbus as maps, so nimbus' own shaded
 * JSON library (which instantiates types reflectively) never runs in the function. What nimbus does here: header and
 * claim-set models, JWK parsing, and the RSA/ECDSA signature checks over the JDK's JCA providers.
 */
public final class IdTokenVerifier {

    /** RS256 (Cognito, most IdPs) and ES256 only: never {@code none}, never an HMAC (which would take a public key as secret). */
    static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** Far above any real ID token (Cognito's carry every attribute: a few KB), far below a memory problem. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final int MIN_RSA_BITS = 2048;
    static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

    private final ObjectMapper strictJson;

    public IdTokenVerifier(ObjectMapper json) {
        this.strictJson = json.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * What a token must be for us.
     *
     * @param audiences accepted {@code aud} values (app client ids, the IdP's client id)
     * @param idTokenUse require Cognito's {@code token_use=id} (an access token has {@code client_id}, not {@code aud},
     *        and another purpose)
     */
    public record Expectation(IssuerKeys keys, Set<String> audiences, boolean idTokenUse, Duration clockSkew) {
        public Expectation {
            audiences = Set.copyOf(audiences);
        }
    }

    /** The claims of {@code compact} once it passed every check. */
    public JWTClaimsSet verify(String compact, Expectation expected, Instant now)
            throws TokenRejectedException, KeysUnavailableException {
        if (compact == null || compact.isEmpty()) {
            throw new TokenRejectedException("missing");
        }
        if (compact.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException("too-long");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            // Five parts would be an encrypted JWT, one a bare string: neither is a signed ID token.
            throw new TokenRejectedException("not-a-signed-jwt");
        }
        // An empty signature is left to the algorithm check below: "none" is refused there by name.
        if (parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new TokenRejectedException("not-base64url");
        }
        for (String part : parts) {
            if (!BASE64URL.matcher(part).matches()) {
                throw new TokenRejectedException("not-base64url");
            }
        }
        Map<String, Object> headerMap = jsonObject(parts[0], "header");
        Object alg = headerMap.get("alg");
        if (!(alg instanceof String name) || !ALLOWED.contains(JWSAlgorithm.parse(name))) {
            throw new TokenRejectedException("algorithm-not-allowed");
        }
        JWSHeader header;
        try {
            header = JWSHeader.parse(headerMap, new Base64URL(parts[0]));
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException("header-unreadable");
        }
        // A critical parameter we do not process must make the token invalid (RFC 7515, 4.1.11); we process none.
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new TokenRejectedException("critical-header");
        }
        if (header.getKeyID() == null || header.getKeyID().isEmpty()) {
            throw new TokenRejectedException("no-key-id");
        }
        // Keys come only from the configured issuer's JWKS: a jwk, jku or x5u header is never followed.
        JWK key = expected.keys().key(header.getKeyID());
        if (key == null) {
            throw new TokenRejectedException("unknown-key-id");
        }
        JWSVerifier verifier = verifierFor(header.getAlgorithm(), key);
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        boolean valid;
        try {
            valid = verifier.verify(header, signingInput, new Base64URL(parts[2]));
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new TokenRejectedException("bad-signature");
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(jsonObject(parts[1], "payload"));
        } catch (ParseException e) {
            throw new TokenRejectedException("claims-unreadable");
        }
        checkClaims(claims, expected, now);
        return claims;
    }

    private JWSVerifier verifierFor(JWSAlgorithm algorithm, JWK key) throws TokenRejectedException {
        // The key's own declarations, when it makes them, must agree: a key published for encryption, or for
        // another algorithm, does not verify signatures here.
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw new TokenRejectedException("key-not-for-signing");
        }
        if (key.getAlgorithm() != null && !algorithm.getName().equals(key.getAlgorithm().getName())) {
            throw new TokenRejectedException("key-for-another-algorithm");
        }
        try {
            if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAKey rsa) {
                if (rsa.size() < MIN_RSA_BITS) {
                    throw new TokenRejectedException("weak-key");
                }
                return new RSASSAVerifier(rsa.toRSAPublicKey());
            }
            if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                return new ECDSAVerifier(ec.toECPublicKey());
            }
        } catch (JOSEException e) {
            throw new TokenRejectedException("key-unusable");
        }
        throw new TokenRejectedException("key-type-does-not-match-algorithm");
    }

    private void checkClaims(JWTClaimsSet claims, Expectation expected, Instant now) throws TokenRejectedException {
        if (!expected.keys().issuer().equals(claims.getIssuer())) {
            throw new TokenRejectedException("wrong-issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.isEmpty() || audience.stream().noneMatch(expected.audiences()::contains)) {
            throw new TokenRejectedException("wrong-audience");
        }
        if (expected.idTokenUse()) {
            Object use = claims.getClaim("token_use");
            if (!"id".equals(use)) {
                throw new TokenRejectedException("not-an-id-token");
            }
        }
        Duration skew = expected.clockSkew();
        Instant exp = instant(claims, "exp");
        if (exp == null) {
            throw new TokenRejectedException("no-expiry");
        }
        if (!now.isBefore(exp.plus(skew))) {
            throw new TokenRejectedException("expired");
        }
        Instant nbf = instant(claims, "nbf");
        if (nbf != null && now.plus(skew).isBefore(nbf)) {
            throw new TokenRejectedException("not-yet-valid");
        }
        Instant iat = instant(claims, "iat");
        if (iat == null) {
            throw new TokenRejectedException("no-issued-at");
        }
        if (now.plus(skew).isBefore(iat)) {
            throw new TokenRejectedException("issued-in-the-future");
        }
    }

    /** A NumericDate claim (RFC 7519, 2), or null when absent. */
    public static Instant instant(JWTClaimsSet claims, String name) throws TokenRejectedException {
        try {
            Date date = claims.getDateClaim(name);
            return date == null ? null : date.toInstant();
        } catch (ParseException e) {
            throw new TokenRejectedException(name + "-not-a-number");
        }
    }

    private Map<String, Object> jsonObject(String part, String what) throws TokenRejectedException {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(what + "-not-base64url");
        }
        try {
            Object value = strictJson.readValue(bytes, Object.class);
            if (!(value instanceof Map<?, ?> map)) {
                throw new TokenRejectedException(what + "-not-an-object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        } catch (IOException e) {
            throw new TokenRejectedException(what + "-not-json");
        }
    }
}
