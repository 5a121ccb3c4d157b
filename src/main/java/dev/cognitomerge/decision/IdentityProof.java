package dev.cognitomerge.decision;

import java.time.Instant;
import java.util.Optional;

/**
 * What a verified IdP ID token (signature, issuer, audience, lifetime checked) says about the identity to add.
 *
 * @param providerName the provider as configured in the pool (MERGE_PROVIDER_NAMES spelling)
 * @param subject the token's {@code sub}: the value Cognito stores as {@code Cognito_Subject} for this identity
 * @param email the token's {@code email}, if any
 * @param emailVerified the token's {@code email_verified} (a JSON boolean, or the text true/false), if any
 * @param authenticatedAt the token's {@code auth_time}, else its {@code iat}: when the person last proved the identity
 */
public record IdentityProof(String providerName, String subject, Optional<String> email,
        Optional<Boolean> emailVerified, Instant authenticatedAt) {

    public IdentityProof {
        email = email == null ? Optional.empty() : email;
        emailVerified = emailVerified == null ? Optional.empty() : emailVerified;
    }

    public FederatedIdentity identity() {
        return new FederatedIdentity(providerName, subject);
    }
}
