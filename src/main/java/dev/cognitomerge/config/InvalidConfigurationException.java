package dev.cognitomerge.config;

import java.util.List;

/** Thrown at start when a setting is wrong; the message lists every problem in one read. */
public final class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems), null, false, false);
    }
}
