package dev.cognitomerge.token;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Where keys may come from: https anywhere, plain http only on this machine's loopback (tests, local stand-ins). */
public final class Endpoints {

    static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private Endpoints() {
    }

    public static boolean acceptable(URI uri) {
        if (uri == null || uri.getHost() == null || uri.getScheme() == null || uri.getUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https")
                || scheme.equals("http") && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }
}
