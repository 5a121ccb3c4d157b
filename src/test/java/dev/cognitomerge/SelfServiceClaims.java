package dev.cognitomerge;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognitomerge.decision.IdentityProof;
import dev.cognitomerge.decision.NativeSignIn;
import dev.cognitomerge.decision.SelfServiceReason;
import dev.cognitomerge.token.TokenRejectedException;

/**
 * The self-service handler's own reading of verified claims and its status of each answer, for tests outside this
 * package (the generated invariants check walks the decision as the handler does, from the same records).
 */
public final class SelfServiceClaims {

    private SelfServiceClaims() {
    }

    public static NativeSignIn nativeSignIn(JWTClaimsSet claims) throws TokenRejectedException {
        return SelfServiceLinkHandler.nativeSignIn(claims);
    }

    public static IdentityProof identityProof(String provider, JWTClaimsSet claims) throws TokenRejectedException {
        return SelfServiceLinkHandler.identityProof(provider, claims);
    }

    public static int status(SelfServiceReason reason) {
        return SelfServiceLinkHandler.status(reason);
    }
}
