package dev.cognitomerge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer in payload format 2.0: {@code statusCode}, {@code headers}, {@code body} (JSON text),
 * {@code isBase64Encoded=false}. Every answer is {@code no-store}: it is about one person's accounts.
 */
public record HttpApiResponse(int status, Map<String, String> headers, ObjectNode body) {

    public HttpApiResponse {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("content-type", "application/json");
        all.put("cache-control", "no-store");
        all.putAll(headers);
        headers = Map.copyOf(all);
    }

    public HttpApiResponse withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new HttpApiResponse(status, all, body);
    }

    public byte[] toBytes(ObjectMapper json) {
        ObjectNode event = json.createObjectNode();
        event.put("statusCode", status);
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        try {
            event.put("body", body == null ? "" : json.writeValueAsString(body));
            event.put("isBase64Encoded", false);
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            return ("{\"statusCode\":500,\"headers\":{\"content-type\":\"application/json\"},\"body\":"
                    + "\"{\\\"error\\\":\\\"internal-error\\\"}\",\"isBase64Encoded\":false}").getBytes();
        }
    }
}
