package dev.cognitomerge.cognito;

import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;

/**
 * Whether AdminGetUser shows any MFA method for a user: a registered method ({@code UserMFASettingList}), a
 * preferred one ({@code PreferredMfaSetting}) or a legacy SMS option ({@code MFAOptions}). Any one is enough, because
 * each can be empty while MFA is in use (docs/cognito-facts.md#mfa-state-in-admin-get-user). One rule for the trigger
 * ({@link UserDirectory}) and the operator commands, which both decide whether a link would bypass an account's MFA.
 */
public final class MfaState {

    private MfaState() {
    }

    public static boolean registered(AdminGetUserResponse user) {
        return user.hasUserMFASettingList() && !user.userMFASettingList().isEmpty()
                || user.preferredMfaSetting() != null && !user.preferredMfaSetting().isBlank()
                || user.hasMfaOptions() && !user.mfaOptions().isEmpty();
    }
}
