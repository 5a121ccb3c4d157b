package dev.cognitomerge.decision;

/**
 * What AdminCreateUser answered, in the terms the decision needs.
 *
 * @param username the new user's username as Cognito named it (in pools whose username is the email, a UUID
 *     Cognito chose), or null when the name was taken
 * @param holder when the name was taken in a pool that takes a username: the user holding it, if the search by
 *     username found one (null otherwise)
 */
public record CreateResult(String username, Candidate holder) {

    public static CreateResult created(String username) {
        return new CreateResult(username, null);
    }

    /** UsernameExistsException: another invocation (or someone else) holds the name or, in email pools, the email. */
    public static CreateResult usernameTaken() {
        return new CreateResult(null, null);
    }

    /** UsernameExistsException for a generated name, with the user found holding it. */
    public static CreateResult usernameTakenBy(Candidate holder) {
        return new CreateResult(null, holder);
    }

    public boolean created() {
        return username != null;
    }
}
