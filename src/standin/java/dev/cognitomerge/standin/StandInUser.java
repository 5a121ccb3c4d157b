package dev.cognitomerge.standin;

import java.util.LinkedHashMap;
import java.util.Map;

/** A user of the stand-in pool: what AdminGetUser/ListUsers would show. Mutable only by the stand-in. */
public final class StandInUser {

    final String username;
    final Map<String, String> attributes;
    /** Changes only through AdminSetUserPassword (FORCE_CHANGE_PASSWORD to CONFIRMED), under the stand-in's lock. */
    volatile String status;
    final boolean enabled;

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
}
