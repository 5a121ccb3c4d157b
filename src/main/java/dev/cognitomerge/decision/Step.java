package dev.cognitomerge.decision;

/**
 * What the handler does next. The decision hands out a {@link Search} or a {@link Link} only when the
 * rules so far allow a link; every other path ends in a {@link Verdict}.
 */
public sealed interface Step {

    /** Ask Cognito for the native users that own {@code email}. */
    record Search(FederatedIdentity identity, String email) implements Step {
    }

    /** Link {@code identity} to the native user {@code destinationUsername}. */
    record Link(FederatedIdentity identity, String destinationUsername) implements Step {
    }

    /**
     * Federated first, and no user at all holds the email: create the native user (named
     * {@code generatedUsername} in pools that take a username; Cognito names it in pools whose username is the
     * email), then {@link Complete} it.
     */
    record CreateAndLink(FederatedIdentity identity, String email, String generatedUsername) implements Step {
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
     * linking {@code identity} to it.
     */
    record Inspect(FederatedIdentity identity, String ownerUsername, boolean groups) implements Step {
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
