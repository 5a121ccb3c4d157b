package dev.cognitomerge.decision;

/**
 * What AdminCreateUser answered, in the terms the decision needs.
 *
 * @param username the new user's username as Cognito named it (in pools whose username is the email, a UUID
 *     Cognito chose), or null when the name was taken
 */
public record CreateResult(String username) {

    public static CreateResult created(String username) {
        return new CreateResult(username);
    }

    /** UsernameExistsException: another invocation (or someone else) holds the name or, in email pools, the email. */
    public static CreateResult usernameTaken() {
        return new CreateResult(null);
    }

    public boolean created() {
        return username != null;
    }
}
