package dev.cognitomerge.snapstart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A throw-away HTTP responder on 127.0.0.1 that answers the Cognito operations the function uses with fixed, well-formed AWS
 * JSON 1.1 bodies, so priming can send real requests through the SDK's whole path (marshalling, signing, the
 * URL-connection HTTP client, unmarshalling, error mapping) without reaching Cognito or any user pool. One
 * daemon thread serves one request per connection ({@code Connection: close}); {@link #close()} stops it, so no
 * thread or socket outlives priming (or ends up in a SnapStart snapshot). Every read is bounded.
 */
final class LoopbackCognito implements AutoCloseable {

    static final String USER_POOL = "us-east-1_Priming0";
    static final String USERNAME = "priming-user";
    static final String EMAIL = "priming@example.invalid";

    private static final int TIMEOUT_MS = 2000;
    private static final String LIST_USERS = listUsers("[]");
    /**
     * After the first link the user holds the priming identity, as Cognito's user would: the "already linked" error
     * of the second link is told from other InvalidParameterExceptions by reading the user again, not by its text.
     */
    private static final String LIST_USERS_LINKED = listUsers(
            "[{\\\"providerName\\\":\\\"Priming\\\",\\\"userId\\\":\\\"priming-subject\\\"}]");
    /** A user without MFA, so the synthetic sign-in goes on to the link in every protection mode. */
    private static final String GET_USER = "{\"Username\":\"" + USERNAME + "\",\"UserAttributes\":["
            + "{\"Name\":\"email\",\"Value\":\"" + EMAIL + "\"}],\"UserCreateDate\":1.7E9,"
            + "\"UserLastModifiedDate\":1.7E9,\"Enabled\":true,\"UserStatus\":\"CONFIRMED\"}";
    private static final String NO_GROUPS = "{\"Groups\":[]}";
    private static final String ALREADY_LINKED = "{\"__type\":\"InvalidParameterException\","
            + "\"message\":\"SourceUser is already linked to DestinationUser\"}";

    private static String listUsers(String identities) {
        return "{\"Users\":[{\"Username\":\"" + USERNAME + "\",\"Attributes\":["
                + "{\"Name\":\"email\",\"Value\":\"" + EMAIL + "\"},{\"Name\":\"email_verified\",\"Value\":\"true\"},"
                + "{\"Name\":\"identities\",\"Value\":\"" + identities + "\"}],\"UserCreateDate\":1.7E9,"
                + "\"UserLastModifiedDate\":1.7E9,\"Enabled\":true,\"UserStatus\":\"CONFIRMED\"}]}";
    }

    private final ServerSocket server;
    private final Thread thread;
    private int links;

    LoopbackCognito() throws IOException {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        server.setSoTimeout(TIMEOUT_MS);
        thread = new Thread(this::serve, "cognito-priming-responder");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                answerOne();
            } catch (IOException e) {
                // closed, or a client that gave up: priming reports what the client saw
            }
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void answerOne() throws IOException {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(TIMEOUT_MS);
            String target = readRequest(socket.getInputStream());
            if (target.endsWith("ListUsers")) {
                respond(socket.getOutputStream(), 200, links == 0 ? LIST_USERS : LIST_USERS_LINKED);
            } else if (target.endsWith("AdminGetUser")) {
                respond(socket.getOutputStream(), 200, GET_USER);
            } else if (target.endsWith("AdminListGroupsForUser")) {
                respond(socket.getOutputStream(), 200, NO_GROUPS);
            } else if (target.endsWith("AdminLinkProviderForUser") && links++ == 0) {
                respond(socket.getOutputStream(), 200, "{}");
            } else {
                // The second link answers the "already linked" error, so error unmarshalling is primed too.
                respond(socket.getOutputStream(), 400, ALREADY_LINKED);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("priming request did not arrive", e);
        }
    }

    /** Reads the request head and its Content-Length body; returns the X-Amz-Target header. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                throw new IOException("request head too large");
            }
        }
        String target = "";
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-target:")) {
                target = line.substring(line.indexOf(':') + 1).trim();
            } else if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        if (in.readNBytes(Math.min(length, 1024 * 1024)).length < length) {
            throw new IOException("request body cut short");
        }
        return target;
    }

    private static void respond(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Bad Request") + "\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\n"
                + "x-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n"
                + (status == 200 ? "" : "x-amzn-ErrorType: InvalidParameterException\r\n")
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
