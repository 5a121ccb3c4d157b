package dev.cognitomerge.decision;

import java.util.List;

/**
 * What Cognito says about the chosen owner's protection.
 *
 * @param mfaRegistered any MFA method registered or preferred (AdminGetUser), see docs/cognito-facts.md#mfa-state-in-admin-get-user
 * @param groups the owner's group names (AdminListGroupsForUser); empty when they were not asked for
 */
public record OwnerProtection(boolean mfaRegistered, List<String> groups) {

    public OwnerProtection {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
