package dev.cognitomerge.decision;

import java.time.Instant;
import java.util.Optional;

/**
 * What a verified Cognito ID token says about the sign-in behind it (signature, issuer, app client, token_use and
 * lifetime were checked before this record exists).
 *
 * @param username the token's {@code cognito:username}: the user the person signed in as
 * @param authTime the token's {@code auth_time}, the moment the person authenticated (a refreshed token keeps it)
 * @param federated the token has an {@code identities} claim: an IdP sign-in, not a password one
 *        (docs/cognito-facts.md#id-token-native-sign-in)
 */
public record NativeSignIn(String username, Optional<Instant> authTime, boolean federated) {

    public NativeSignIn {
        authTime = authTime == null ? Optional.empty() : authTime;
    }
}
