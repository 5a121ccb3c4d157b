package dev.cognitomerge.decision;

/**
 * What the handler does next. The decision hands out a {@link Search} or a {@link Link} only when the
 * rules so far allow a link; every other path ends in a {@link Verdict}.
 */
public sealed interface Step {

    /**
     * Ask Cognito for the native users that own {@code email}. {@code createAllowed}: the event asserted
     * {@code email_verified=true} and the provider's verification is on, so create-and-link may create (or complete)
     * a native user for this address; without it the search can only end in a link to an existing owner.
     */
    record Search(FederatedIdentity identity, String email, boolean createAllowed) implements Step {

        /** A search that may never create (the operator's classification, which only ever links). */
        public Search(FederatedIdentity identity, String email) {
            this(identity, email, false);
        }
    }

    /** Link {@code identity} to the native user {@code destinationUsername}. */
    record Link(FederatedIdentity identity, String destinationUsername) implements Step {
    }

    /**
     * Federated first, and no user at all holds the email: create the native user, then {@link Complete} it.
     * {@code username} is a name derived from the email (pools that take a username), or the email itself when
     * {@code emailIsUsername} (pools whose UsernameAttributes include email; Cognito then names the user with a UUID).
     */
    record CreateAndLink(FederatedIdentity identity, String email, String username, boolean emailIsUsername)
            implements Step {

        /** A create under a name derived from the email (before the pool's username shape is known). */
        public CreateAndLink(FederatedIdentity identity, String email, String username) {
            this(identity, email, username, false);
        }
    }

    /**
     * Give the native user the function created a random permanent password, then link {@code identity} to it.
     * {@code created} tells whether it was created in this invocation or found half-done by a retry.
     */
    record Complete(FederatedIdentity identity, String destinationUsername, boolean created) implements Step {
    }

    /** A native sign-up with the guard on: ask Cognito which users hold {@code email}. */
    record CheckNativeSignUp(String email) implements Step {
    }

    /**
     * Ask Cognito how the chosen owner is protected (its MFA state and, if {@code groups}, its groups) before
     * linking {@code identity} to it; when {@code completes}, the owner is a half-done user of this identity's
     * create, which is completed ({@link Complete}) instead of linked directly.
     */
    record Inspect(FederatedIdentity identity, String ownerUsername, boolean groups, boolean completes)
            implements Step {

        /** The inspection before a plain link. */
        public Inspect(FederatedIdentity identity, String ownerUsername, boolean groups) {
            this(identity, ownerUsername, groups, false);
        }
    }

    /** The end of the event. {@code destination} names the native user when one was chosen, else null. */
    record Verdict(Outcome outcome, Reason reason, String destination) implements Step {

        public static Verdict of(Outcome outcome, Reason reason) {
            return new Verdict(outcome, reason, null);
        }

        public boolean refuses() {
            return outcome == Outcome.REFUSED;
        }
    }
}
