package dev.cognitomerge.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A user of the stand-in pool: what AdminGetUser/ListUsers would show. Mutable only by the stand-in. */
public final class StandInUser {

    final String username;
    final Map<String, String> attributes;
    /** Changes only through AdminSetUserPassword (FORCE_CHANGE_PASSWORD to CONFIRMED), under the stand-in's lock. */
    volatile String status;
    final boolean enabled;
    /** AdminGetUser's UserMFASettingList: the MFA methods enabled for the user (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP). */
    final List<String> mfaSettings = new ArrayList<>();
    /** AdminGetUser's PreferredMfaSetting, or null. */
    String preferredMfa;
    /** AdminGetUser's legacy MFAOptions: attribute names with SMS delivery (phone_number). */
    final List<String> smsMfaOptions = new ArrayList<>();
    /** Names of the groups the user belongs to (AdminListGroupsForUser). */
    final List<String> groups = new ArrayList<>();

    public StandInUser(String username, String status, boolean enabled, Map<String, String> attributes) {
        this.username = username;
        this.status = status;
        this.enabled = enabled;
        this.attributes = new LinkedHashMap<>(attributes);
    }

    /** A CONFIRMED, enabled user with a verified email: the account a federated sign-in should join. */
    public static StandInUser confirmed(String username, String email) {
        return new StandInUser(username, "CONFIRMED", true, Map.of("email", email, "email_verified", "true"));
    }

    /** A user that exists only through an IdP (EXTERNAL_PROVIDER): never a link target. */
    public static StandInUser federatedOnly(String username, String email) {
        return new StandInUser(username, "EXTERNAL_PROVIDER", true, Map.of("email", email, "email_verified", "true"));
    }

    public String username() {
        return username;
    }

    public String status() {
        return status;
    }

    public boolean enabled() {
        return enabled;
    }

    public Map<String, String> attributes() {
        return Map.copyOf(attributes);
    }

    /** Sets AdminGetUser's MFA fields: the enabled methods and the preferred one (null for none). */
    public StandInUser withMfa(List<String> enabledMethods, String preferred) {
        mfaSettings.clear();
        mfaSettings.addAll(enabledMethods);
        preferredMfa = preferred;
        return this;
    }

    /** Adds a legacy SMS MFA option (AdminGetUser's MFAOptions), as older pools show it. */
    public StandInUser withLegacySmsMfa() {
        smsMfaOptions.add("phone_number");
        return this;
    }

    /** Puts the user in these groups (AdminListGroupsForUser). */
    public StandInUser inGroups(String... names) {
        groups.addAll(List.of(names));
        return this;
    }
}
