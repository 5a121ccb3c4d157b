package dev.cognitomerge.decision;

/**
 * What the self-service handler does next. Only {@link SelfServiceRules} makes these, and it makes a {@link Link} only
 * when every rule before it allowed one; every other path ends in a {@link Answer}.
 */
public sealed interface SelfServiceStep {

    /** Read the native user {@code username} (AdminGetUser) before deciding anything about it. */
    record ReadAccount(IdentityProof proof, String username) implements SelfServiceStep {
    }

    /** Ask whether the identity already has a federated profile of its own in the pool. */
    record CheckProfile(FederatedIdentity identity, String username) implements SelfServiceStep {
    }

    /** Link {@code identity} to the native user {@code username}. */
    record Link(FederatedIdentity identity, String username) implements SelfServiceStep {
    }

    /** The end of the request. {@code destination} names the native user once one was read, else null. */
    record Answer(Outcome outcome, SelfServiceReason reason, String destination) implements SelfServiceStep {

        public static Answer refused(SelfServiceReason reason) {
            return new Answer(Outcome.REFUSED, reason, null);
        }

        public boolean refuses() {
            return outcome == Outcome.REFUSED;
        }
    }
}
