package dev.cognitomerge.decision;

import java.util.Map;
import java.util.Optional;

/**
 * The parts of a Pre sign-up event the decision reads. Absent JSON fields are {@code null} or missing
 * map keys; the decision treats every such gap as a reason not to link.
 *
 * @param userAttributes {@code request.userAttributes}, scalar values as strings (booleans as "true"/"false")
 */
public record SignUpAttempt(String triggerSource, String userPoolId, String userName,
        Map<String, String> userAttributes) {

    public static final String EXTERNAL_PROVIDER = "PreSignUp_ExternalProvider";
    public static final String SIGN_UP = "PreSignUp_SignUp";

    public SignUpAttempt {
        userAttributes = userAttributes == null ? Map.of() : Map.copyOf(userAttributes);
    }

    Optional<String> attribute(String name) {
        return Optional.ofNullable(userAttributes.get(name)).filter(value -> !value.isBlank());
    }
}
