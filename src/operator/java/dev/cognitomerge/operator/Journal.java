package dev.cognitomerge.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of every change the operator commands make, one JSON object a line, appended and fsync'd before
 * the change it announces: a line {@code intent} (with everything needed to undo it) before the first call,
 * then one line per step done ({@code deleted}, {@code linked}, {@code group-added}, {@code unlinked}) and
 * {@code done}. The first line names the pool; a journal of another pool is refused.
 */
final class Journal implements AutoCloseable {

    static final String FORMAT = "cognito-merge-operator-journal";

    private final ObjectMapper json;
    private final Path path;
    private final FileChannel channel;
    private final List<JsonNode> entries;

    private Journal(ObjectMapper json, Path path, FileChannel channel, List<JsonNode> entries) {
        this.json = json;
        this.path = path;
        this.channel = channel;
        this.entries = entries;
    }

    /** Owner read and write only: the journal holds every attribute of each user it touches (email, sub, phone). */
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    static Journal open(ObjectMapper json, Path path, String userPoolId) throws UsageException, OperatorFailure {
        return open(json, path, userPoolId, null);
    }

    /**
     * Opens (or creates) the journal for {@code userPoolId}; refuses one that belongs to another pool. A new journal
     * is created 0600 in the same call that creates it (never widened first and narrowed after: it would be readable
     * in between); an existing one that others can read is used as it is, with a warning on {@code out}.
     */
    static Journal open(ObjectMapper json, Path path, String userPoolId, Output out)
            throws UsageException, OperatorFailure {
        List<JsonNode> entries = new ArrayList<>();
        try {
            if (Files.exists(path)) {
                List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
                int lineNumber = 0;
                for (String line : lines) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        entries.add(json.readTree(line));
                    } catch (IOException e) {
                        // A crash can cut the last line short; anything earlier that is unreadable is not ours.
                        if (lineNumber < lines.size()) {
                            throw new UsageException("Journal " + path + " line " + lineNumber
                                    + " is not JSON: is this a journal of cognito-merge-operator?");
                        }
                    }
                }
            }
            if (!entries.isEmpty()) {
                JsonNode header = entries.get(0);
                if (!FORMAT.equals(header.path("journal").asText())) {
                    throw new UsageException("Journal " + path + " is not a cognito-merge-operator journal"
                            + " (its first line has no \"journal\": \"" + FORMAT + "\").");
                }
                String journalPool = header.path("userPoolId").asText();
                if (!journalPool.equals(userPoolId)) {
                    throw new UsageException("Journal " + path + " belongs to user pool " + journalPool + ", not "
                            + userPoolId + ": use a new journal file for this pool.");
                }
            }
            FileChannel channel = openPrivately(path, out);
            Journal journal = new Journal(json, path, channel, entries);
            if (entries.isEmpty()) {
                ObjectNode header = json.createObjectNode();
                header.put("journal", FORMAT);
                header.put("version", 1);
                header.put("userPoolId", userPoolId);
                journal.append(header);
            }
            return journal;
        } catch (IOException e) {
            throw new OperatorFailure("Cannot open the journal " + path + ": " + e.getMessage()
                    + ". Nothing was changed.", e);
        }
    }

    private static FileChannel openPrivately(Path path, Output out) throws IOException {
        boolean posix = path.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return posix
                        ? FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PRIVATE))
                        : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made between the check and the create: opened below like any existing journal
            }
        }
        if (posix && out != null) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(permission -> !PRIVATE.contains(permission))) {
                out.warn("the journal " + path + " is readable or writable by others ("
                        + PosixFilePermissions.toString(permissions) + ") and holds personal data: chmod 600 " + path);
            }
        }
        return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Appends {@code entry} with a timestamp and forces it to disk before returning. */
    void append(ObjectNode entry) throws OperatorFailure {
        if (!entry.has("at")) {
            entry.put("at", Instant.now().toString());
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap((json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
            entries.add(entry);
        } catch (IOException e) {
            throw new OperatorFailure("Cannot write to the journal " + path + ": " + e.getMessage(), e);
        }
    }

    ObjectNode entry(String event, String id) {
        ObjectNode entry = json.createObjectNode();
        entry.put("event", event);
        entry.put("id", id);
        return entry;
    }

    /**
     * Puts {@code user} into {@code entry} under {@code field} as it was before the change: username, status,
     * enabled and every attribute (sorted), so the journal alone can tell what a repair or an unlink acted on.
     */
    static ObjectNode putUser(ObjectNode entry, String field, PoolUser user) {
        ObjectNode node = entry.putObject(field);
        node.put("username", user.username());
        node.put("status", user.status());
        node.put("enabled", user.enabled());
        ObjectNode attributes = node.putObject("attributes");
        user.attributes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(attribute -> attributes.put(attribute.getKey(), attribute.getValue()));
        return node;
    }

    /** The last intent line of every row that has no {@code done} line, in journal order. */
    Map<String, JsonNode> unfinished(String action) {
        Map<String, JsonNode> open = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            String id = entry.path("id").asText(null);
            if (id == null) {
                continue;
            }
            switch (entry.path("event").asText()) {
                case "intent" -> {
                    if (action.equals(entry.path("action").asText())) {
                        open.put(id, entry);
                    }
                }
                case "done" -> open.remove(id);
                default -> {
                }
            }
        }
        return open;
    }

    /** True when {@code id} has a step line {@code event} after its last intent. */
    boolean hasStep(String id, String event) {
        boolean seen = false;
        for (JsonNode entry : entries) {
            if (!id.equals(entry.path("id").asText(null))) {
                continue;
            }
            String kind = entry.path("event").asText();
            if (kind.equals("intent")) {
                seen = false;
            } else if (kind.equals(event)) {
                seen = true;
            }
        }
        return seen;
    }

    /** True when {@code id} has a {@code group-added} line for {@code group} after its last intent. */
    boolean hasGroupAdded(String id, String group) {
        boolean seen = false;
        for (JsonNode entry : entries) {
            if (!id.equals(entry.path("id").asText(null))) {
                continue;
            }
            String kind = entry.path("event").asText();
            if (kind.equals("intent")) {
                seen = false;
            } else if (kind.equals("group-added") && group.equals(entry.path("group").asText())) {
                seen = true;
            }
        }
        return seen;
    }

    boolean isDone(String id) {
        boolean done = false;
        for (JsonNode entry : entries) {
            if (id.equals(entry.path("id").asText(null))) {
                String kind = entry.path("event").asText();
                if (kind.equals("intent")) {
                    done = false;
                } else if (kind.equals("done")) {
                    done = true;
                }
            }
        }
        return done;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
