package dev.cognitomerge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * API Gateway HTTP API events, payload format 2.0, as the Developer Guide shows them ("Create AWS Lambda proxy
 * integrations for HTTP APIs": version, routeKey, rawPath, headers with lower-case names, requestContext.http,
 * body, isBase64Encoded).
 */
public final class HttpEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    private HttpEvents() {
    }

    public static ObjectNode event(String method, Map<String, String> headers, String body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", method + " /link");
        event.put("rawPath", "/link");
        event.put("rawQueryString", "");
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "a1b2c3d4e5");
        context.put("domainName", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
        context.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        context.put("routeKey", method + " /link");
        context.put("stage", "$default");
        context.put("timeEpoch", System.currentTimeMillis());
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", "/link");
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "192.0.2.1");
        http.put("userAgent", "test");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    /** The application's request: POST, bearer Cognito token, {"provider", "token"}, from the allowed origin. */
    public static ObjectNode link(String cognitoToken, String provider, String identityToken, String origin) {
        ObjectNode body = JSON.createObjectNode();
        body.put("provider", provider);
        body.put("token", identityToken);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("authorization", "Bearer " + cognitoToken);
        if (origin != null) {
            headers.put("origin", origin);
        }
        return event("POST", headers, body.toString());
    }
}
