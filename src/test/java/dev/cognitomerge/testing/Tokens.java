package dev.cognitomerge.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * ID tokens made in the test, honest and forged: a Cognito-shaped one for a native sign-in and an IdP-shaped one,
 * signed with the stand-in issuers' keys (or deliberately not).
 */
public final class Tokens {

    private Tokens() {
    }

    /** The claims of a Cognito ID token of a password sign-in (Developer Guide, "Understanding the ID token"). */
    public static JWTClaimsSet.Builder cognito(String issuer, String clientId, String username, Instant authTime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(java.util.UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
                .audience(clientId)
                .claim("token_use", "id")
                .claim("cognito:username", username)
                .claim("auth_time", authTime.getEpochSecond())
                .claim("email_verified", true)
                .claim("event_id", "0d1a3c5e-0000-4000-8000-000000000001")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    /** The claims of an IdP (Descope) ID token. */
    public static JWTClaimsSet.Builder identity(String issuer, String audience, String subject, String email) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .claim("email", email)
                .claim("email_verified", true)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
    }

    /** Signed with {@code key} (RS256 for RSA keys, ES256 for EC keys), its kid in the header. */
    public static String sign(JWK key, JWTClaimsSet claims) {
        try {
            JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A header and claims encoded as given, with {@code signature} as the third part (raw, for forgeries). */
    public static String compact(String headerJson, String claimsJson, String signature) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claimsJson.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    /** alg none: a header claiming no signature, and none. */
    public static String unsigned(JWTClaimsSet claims, String kid) {
        return compact("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}", claims.toString(), "");
    }

    /**
     * The classic key-confusion forgery: HS256, with the issuer's RSA public key (as published, PEM-free JSON or its
     * DER) as the HMAC secret. A verifier that takes alg from the token and the key from the JWKS would accept it.
     */
    public static String hmacWithPublicKey(RSAKey published, JWTClaimsSet claims) {
        try {
            byte[] secret = published.toPublicJWK().toRSAPublicKey().getEncoded();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
                    claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims, with {@code changes} applied (null removes a claim). */
    public static JWTClaimsSet with(JWTClaimsSet claims, Map<String, Object> changes) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder(claims);
        changes.forEach(builder::claim);
        return builder.build();
    }

    public static List<String> parts(String token) {
        return List.of(token.split("\\.", -1));
    }
}
