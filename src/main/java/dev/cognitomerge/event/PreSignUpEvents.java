package dev.cognitomerge.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognitomerge.decision.SignUpAttempt;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a Pre sign-up event as a JSON tree rather than binding it to a class (such as
 * aws-lambda-java-events' CognitoUserPoolPreSignUpEvent): a field of the wrong type then becomes "absent"
 * for the decision instead of a Jackson exception, the handler can hand back the exact bytes Cognito sent,
 * and the native image needs no reflection registration for an event model.
 */
public final class PreSignUpEvents {

    private PreSignUpEvents() {
    }

    /** The event as a JSON object, or {@link InvalidEventException} when the body is not one. */
    public static JsonNode parse(ObjectMapper json, byte[] body) throws InvalidEventException {
        JsonNode event;
        try {
            // Trailing tokens ("{}}", "{} {}") fail too: the handler hands the body back byte for byte, and
            // Cognito must get back one JSON object, not a parseable prefix followed by garbage.
            event = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JacksonException e) {
            throw new InvalidEventException("the event is not valid JSON");
        } catch (java.io.IOException e) {
            throw new InvalidEventException("the event could not be read");
        }
        if (event == null || !event.isObject()) {
            throw new InvalidEventException("the event is not a JSON object");
        }
        return event;
    }

    /** The decision's view of the event; fields of the wrong JSON type count as absent. */
    public static SignUpAttempt attempt(JsonNode event) {
        return new SignUpAttempt(
                text(event.get("triggerSource")),
                text(event.get("userPoolId")),
                text(event.get("userName")),
                attributes(event.path("request").path("userAttributes")));
    }

    private static Map<String, String> attributes(JsonNode userAttributes) {
        Map<String, String> attributes = new HashMap<>();
        if (!userAttributes.isObject()) {
            return attributes;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = userAttributes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            // Cognito sends attribute values as strings; an IdP-asserted boolean may arrive as true.
            if (value.isTextual() || value.isBoolean() || value.isNumber()) {
                attributes.put(field.getKey(), value.asText());
            }
        }
        return attributes;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
