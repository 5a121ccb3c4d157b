package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cognitomerge.decision.LinkedIdentity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code custom:merge_unlinked} of a native user (docs/trust-model.md#the-records-in-the-pool): the identities an operator unlinked from it, a JSON
 * array of {@code {"providerName": ..., "userId": ...}} (the shape of {@code identities}). The trigger never links a
 * listed identity back to that user; {@code unlink} adds the entry before removing the link, {@code link} removes it
 * after linking, and {@code reconcile} never repairs onto a user that lists the identity. Matching is the trigger's:
 * provider name case-insensitive, subject exact.
 */
final class UnlinkedRecord {

    static final String ATTRIBUTE = "custom:merge_unlinked";
    /** Written by create-and-link (the trigger); doctor checks that the schema has it when that mode is used. */
    static final String CREATED_ATTRIBUTE = "custom:merge_created";
    /** Cognito's longest custom string attribute (docs/cognito-facts.md#custom-attribute-schema). */
    static final int MAX_LENGTH = 2048;

    private static final ObjectMapper JSON = new ObjectMapper();

    private UnlinkedRecord() {
    }

    /** The identities listed in {@code user}'s record; empty when it has none; null when the value is unreadable. */
    static List<LinkedIdentity> of(PoolUser user) {
        return read(user.attributes().get(ATTRIBUTE));
    }

    /** Parses a value: no value or blank is an empty list; anything but an array of identities is null (unreadable). */
    static List<LinkedIdentity> read(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(value);
            if (array == null || !array.isArray()) {
                return null;
            }
            List<LinkedIdentity> identities = new ArrayList<>();
            for (JsonNode identity : array) {
                if (!identity.path("providerName").isTextual() || !identity.path("userId").isTextual()) {
                    return null;
                }
                identities.add(new LinkedIdentity(identity.path("providerName").asText(),
                        identity.path("userId").asText()));
            }
            return identities;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean lists(List<LinkedIdentity> record, String providerName, String subject) {
        return record.stream().anyMatch(identity -> matches(identity, providerName, subject));
    }

    static List<LinkedIdentity> with(List<LinkedIdentity> record, String providerName, String subject) {
        List<LinkedIdentity> more = new ArrayList<>(record);
        if (!lists(record, providerName, subject)) {
            more.add(new LinkedIdentity(providerName, subject));
        }
        return more;
    }

    static List<LinkedIdentity> without(List<LinkedIdentity> record, String providerName, String subject) {
        return record.stream().filter(identity -> !matches(identity, providerName, subject)).toList();
    }

    /** The attribute's value: a JSON array, {@code []} when empty. */
    static String write(List<LinkedIdentity> record) {
        ArrayNode array = JSON.createArrayNode();
        record.forEach(identity -> array.addObject().put("providerName", identity.providerName())
                .put("userId", identity.userId()));
        return array.toString();
    }

    static Optional<String> unreadable(PoolUser user) {
        return of(user) == null ? Optional.ofNullable(user.attributes().get(ATTRIBUTE)) : Optional.empty();
    }

    private static boolean matches(LinkedIdentity identity, String providerName, String subject) {
        return identity.providerName().equalsIgnoreCase(providerName) && identity.userId().equals(subject);
    }
}
