package dev.cognitomerge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** function.zip unpacked as Lambda unpacks it into /var/task: classes at the top, jars under lib/. */
public final class TaskRoot implements AutoCloseable {

    private final Path dir;

    private TaskRoot(Path dir) {
        this.dir = dir;
    }

    /** The deployment package the build made ({@code function.zip} system property, set by failsafe). */
    public static Path functionZip() {
        return Path.of(System.getProperty("function.zip", "target/function.zip"));
    }

    public static TaskRoot unzip(Path zip) {
        try {
            return unzip(zip, Files.createTempDirectory("lambda-task-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TaskRoot unzip(Path zip, Path dir) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Files.createDirectories(dir);
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    // Lambda keeps the zip's Unix mode; java.util.zip cannot read it, and PackagedArtifactIT checks
                    // that the zip itself marks bootstrap executable.
                    if (entry.getName().equals("bootstrap")) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
            return new TaskRoot(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Deletes the unpacked files. */
    @Override
    public void close() {
        deleteTree(dir);
    }

    /** Deletes a temporary folder and everything in it, as far as it can. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
