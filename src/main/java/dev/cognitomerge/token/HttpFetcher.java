package dev.cognitomerge.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GET of a small JSON document (an OpenID discovery document, a JSON Web Key Set) with hard bounds: connect and read
 * time-outs, no redirects (a redirect could lead the key fetch to a host the issuer does not control), only 200, and
 * at most {@code maxBytes}. The JDK's own HTTP client: no dependency, and the native image already carries it for the
 * AWS SDK's URL-connection client.
 */
public class HttpFetcher {

    static final Duration TIMEOUT = Duration.ofMillis(2000);

    /** The body as UTF-8 text. */
    public String get(URI uri, int maxBytes) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("status-" + status);
            }
            try (InputStream in = connection.getInputStream()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    body.write(buffer, 0, read);
                    if (body.size() > maxBytes) {
                        throw new IOException("too-large");
                    }
                }
                return body.toString(StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }
}
