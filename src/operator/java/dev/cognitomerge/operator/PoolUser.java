package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.decision.Candidate;
import dev.cognitomerge.decision.LinkedIdentity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user as ListUsers shows it, with every attribute: what the journal keeps of a federated profile before it
 * is deleted, and what the decision's {@link Candidate} is made from.
 */
record PoolUser(String username, String status, boolean enabled, Map<String, String> attributes) {

    static final String EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER";
    private static final ObjectMapper JSON = new ObjectMapper();

    PoolUser {
        attributes = Map.copyOf(attributes);
    }

    boolean isFederated() {
        return EXTERNAL_PROVIDER.equals(status);
    }

    String email() {
        return attributes.get("email");
    }

    /**
     * The {@code identities} attribute (a JSON array of {userId, providerName, ...}); an unreadable value
     * counts as none, as in the trigger's UserDirectory.
     */
    List<LinkedIdentity> identities() {
        String value = attributes.get("identities");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(value);
            List<LinkedIdentity> identities = new ArrayList<>();
            if (array != null && array.isArray()) {
                for (JsonNode identity : array) {
                    if (identity.path("providerName").isTextual()) {
                        identities.add(new LinkedIdentity(identity.path("providerName").asText(),
                                identity.path("userId").asText("")));
                    }
                }
            }
            return identities;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The subject this user holds for {@code providerName} (case-insensitive name), if its identities say so. */
    Optional<String> subjectFor(String providerName) {
        return identities().stream()
                .filter(identity -> identity.providerName().equalsIgnoreCase(providerName))
                .map(LinkedIdentity::userId)
                .filter(subject -> !subject.isBlank())
                .findFirst();
    }

    Candidate toCandidate() {
        return new Candidate(username, status, enabled, email(),
                "true".equalsIgnoreCase(attributes.get("email_verified")), identities());
    }
}
