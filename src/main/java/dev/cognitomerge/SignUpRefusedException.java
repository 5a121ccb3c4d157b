package dev.cognitomerge;

/**
 * A deliberate refusal. Cognito shows the message to the person signing in as
 * "PreSignUp failed with error &lt;message&gt;." and creates no user (docs/cognito-facts.md#trigger-budget), so the
 * message is always one of the user-safe texts of {@code Reason}. No stack trace: it is not a bug.
 */
public final class SignUpRefusedException extends RuntimeException {

    public SignUpRefusedException(String userMessage) {
        super(userMessage, null, false, false);
    }
}
