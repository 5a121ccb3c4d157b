package dev.cognitomerge.decision;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What create-and-link needs to know about the pool, from DescribeUserPool (docs/cognito-facts.md#pool-shape):
 * which attributes serve as the username ({@code UsernameAttributes}: {@code email}, {@code phone_number}) and
 * which custom attributes the schema declares ({@code SchemaAttributes}, named {@code custom:<name>}).
 */
public record PoolShape(List<String> usernameAttributes, Set<String> customAttributes) {

    /** Written by create-and-link on the user it creates: the identity whose first sign-in made it. */
    public static final String CREATED_MARKER = "custom:merge_created";
    /** Written by the operator's unlink: identities never to be linked back to this user automatically. */
    public static final String UNLINKED_RECORD = "custom:merge_unlinked";

    public PoolShape {
        usernameAttributes = usernameAttributes == null ? List.of() : List.copyOf(usernameAttributes);
        customAttributes = customAttributes == null ? Set.of() : Set.copyOf(customAttributes);
    }

    boolean usernameIsEmail() {
        return usernameAttributes.contains("email");
    }

    /**
     * Why create-and-link cannot create a user in this pool, as a short code for the audit record, or empty when it
     * can: without {@link #CREATED_MARKER} in the schema a half-done user could not be told from anyone else's
     * pending user, and a pool whose only username is the phone number needs a phone number the event does not have.
     */
    public Optional<String> cannotCreate() {
        if (!customAttributes.contains(CREATED_MARKER)) {
            return Optional.of("merge-created-attribute-missing");
        }
        if (!usernameAttributes.isEmpty() && !usernameIsEmail()) {
            return Optional.of("username-is-phone-number");
        }
        return Optional.empty();
    }

    /** The sentence an operator reads in the log when {@link #cannotCreate()} is not empty: what is wrong, the fix. */
    public String cannotCreateSentence(String userPoolId) {
        if (!customAttributes.contains(CREATED_MARKER)) {
            return "MERGE_WHEN_NO_NATIVE_USER=create-and-link cannot create users in pool " + userPoolId
                    + ": its schema has no " + CREATED_MARKER + " attribute. Add it (aws cognito-idp"
                    + " add-custom-attributes --user-pool-id " + userPoolId + " --custom-attributes"
                    + " Name=merge_created,AttributeDataType=String,Mutable=true,StringAttributeConstraints={MaxLength=2048};"
                    + " the user-pool module declares it) or set MERGE_WHEN_NO_NATIVE_USER=continue."
                    + " Until then every first sign-in whose email nobody holds is refused (create-not-configured).";
        }
        return "MERGE_WHEN_NO_NATIVE_USER=create-and-link cannot create users in pool " + userPoolId
                + ": its usernames are phone numbers (UsernameAttributes " + usernameAttributes + ") and a federated"
                + " sign-in brings an email. Set MERGE_WHEN_NO_NATIVE_USER=continue."
                + " Until then every first sign-in whose email nobody holds is refused (create-not-configured).";
    }
}
