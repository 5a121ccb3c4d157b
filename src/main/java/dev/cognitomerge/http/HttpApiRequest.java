package dev.cognitomerge.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The request of an API Gateway HTTP API (or Lambda function URL) event, payload format 2.0: method from
 * {@code requestContext.http.method}, {@code headers} (names lower-cased; API Gateway already sends them so, and a
 * repeated header arrives comma-joined), and the {@code body}, decoded when {@code isBase64Encoded}
 * (docs/cognito-facts.md#http-api-payload-2). A small record of our own rather than aws-lambda-java-events' class:
 * nothing to register for reflection in a native build, and every field we read is checked here.
 */
public record HttpApiRequest(String method, Map<String, String> headers, String body) {

    /** Both tokens together stay far below this; a larger body is not a link request. */
    public static final int MAX_BODY_BYTES = 48 * 1024;

    public HttpApiRequest {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Reads the event; anything that is not a payload-2.0 HTTP event is an {@link InvalidRequestException}. */
    public static HttpApiRequest parse(ObjectMapper json, byte[] event) throws InvalidRequestException {
        JsonNode root;
        try {
            root = json.readTree(event);
        } catch (IOException e) {
            throw new InvalidRequestException(400, "event-not-json");
        }
        if (root == null || !root.isObject() || !"2.0".equals(root.path("version").asText(null))) {
            throw new InvalidRequestException(400, "not-a-payload-2.0-event");
        }
        JsonNode method = root.path("requestContext").path("http").path("method");
        if (!method.isTextual() || method.asText().isEmpty()) {
            throw new InvalidRequestException(400, "no-method");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headerNode = root.path("headers");
        if (!headerNode.isMissingNode() && !headerNode.isNull()) {
            if (!headerNode.isObject()) {
                throw new InvalidRequestException(400, "headers-not-an-object");
            }
            headerNode.fields().forEachRemaining(field -> {
                if (field.getValue().isTextual()) {
                    headers.merge(field.getKey().toLowerCase(Locale.ROOT), field.getValue().asText(),
                            (first, second) -> first + "," + second);
                }
            });
        }
        JsonNode bodyNode = root.path("body");
        String body = "";
        if (bodyNode.isTextual()) {
            body = bodyNode.asText();
            if (body.length() > MAX_BODY_BYTES * 2) {
                throw new InvalidRequestException(413, "body-too-large");
            }
            if (root.path("isBase64Encoded").asBoolean(false)) {
                try {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(400, "body-not-base64");
                }
            }
            if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                throw new InvalidRequestException(413, "body-too-large");
            }
        } else if (!bodyNode.isMissingNode() && !bodyNode.isNull()) {
            throw new InvalidRequestException(400, "body-not-text");
        }
        return new HttpApiRequest(method.asText().toUpperCase(Locale.ROOT), headers, body);
    }
}
