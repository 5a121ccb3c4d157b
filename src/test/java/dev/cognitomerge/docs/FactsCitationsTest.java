package dev.cognitomerge.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code, Terraform and documents cite the Cognito facts they rely on as {@code docs/cognito-facts.md#<anchor>}.
 * A citation whose anchor is not a heading of that document points a maintainer at nothing: fail the build.
 */
class FactsCitationsTest {

    static final Path FACTS = Path.of("docs/cognito-facts.md");
    static final Pattern CITATION = Pattern.compile("cognito-facts\\.md#([a-z0-9-]+)");
    static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} ([a-z0-9-]+)\\s*$");
    static final List<String> ROOTS = List.of("src", "terraform", "bench", "README.md", "docs");

    @Test
    void everyCitedFactHasAHeading() throws IOException {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(Files.readString(FACTS));
        while (heading.find()) {
            anchors.add(heading.group(1));
        }

        Set<String> cited = new TreeSet<>();
        for (String root : ROOTS) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(Files::isRegularFile).filter(FactsCitationsTest::isText).toList()) {
                    Matcher citation = CITATION.matcher(read(file));
                    while (citation.find()) {
                        cited.add(citation.group(1) + " (" + file + ")");
                    }
                }
            }
        }

        assertThat(cited).as("citations found").isNotEmpty();
        Set<String> dangling = cited.stream()
                .filter(entry -> !anchors.contains(entry.substring(0, entry.indexOf(' '))))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(dangling).as("citations of docs/cognito-facts.md without a matching ### heading").isEmpty();
    }

    @Test
    void noCitationOfAFactsFileMaintainersCannotOpen() throws IOException {
        for (String root : ROOTS) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(Files::isRegularFile).filter(FactsCitationsTest::isText).toList()) {
                    assertThat(read(file)).as(file.toString()).doesNotContain("FACTS" + ".md");
                }
            }
        }
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return Stream.of(".java", ".tf", ".hcl", ".py", ".sh", ".md", ".properties", ".json")
                .anyMatch(name::endsWith);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
