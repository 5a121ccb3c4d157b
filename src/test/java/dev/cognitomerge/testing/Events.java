package dev.cognitomerge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample events under src/test/resources/events/ (the same files the README's curl examples post). */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    public static String text(String name) {
        return tree(name).toString();
    }

    /** A fresh, mutable copy of the event, to vary one field in a test. */
    public static ObjectNode tree(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no sample event " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode attributes(ObjectNode event) {
        return (ObjectNode) event.path("request").path("userAttributes");
    }
}
