package dev.cognitomerge.decision;

import java.util.Locale;

/** What a native sign-up ({@code PreSignUp_SignUp}) does when a federated-only user holds its email. */
public enum NativeSignUpGuard {
    /** Nothing: no call, Cognito creates the native user beside the federated one. */
    OFF,
    /** Refuse the sign-up with the configured message, so the person uses the sign-in that already exists. */
    REFUSE;

    /** Parses {@code off} / {@code refuse} (any case); anything else is a configuration error. */
    public static NativeSignUpGuard parse(String setting, String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "off":
                    return OFF;
                case "refuse":
                    return REFUSE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(setting + " must be 'off' or 'refuse', but is '" + value + "'");
    }
}
