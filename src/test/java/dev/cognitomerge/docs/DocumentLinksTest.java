package dev.cognitomerge.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The front page stays a front page, and no page sends a reader nowhere: README.md has at most 250 lines, and every
 * relative link in README.md, docs/ and the Terraform READMEs names a file that exists and, for a {@code #anchor}
 * into a Markdown page, a heading of that page (GitHub's anchor rules).
 */
class DocumentLinksTest {

    static final int FRONT_PAGE_MAX_LINES = 250;
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+?)\\s*$");
    static final Pattern EXPLICIT_ANCHOR = Pattern.compile("\\{#([a-z0-9-]+)\\}");

    @Test
    void theReadmeIsAFrontPage() throws IOException {
        assertThat(Files.readAllLines(Path.of("README.md"))).as("README.md lines").hasSizeLessThanOrEqualTo(FRONT_PAGE_MAX_LINES);
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("<")) {
                    continue; // https:, mailto:, ...
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent() == null ? Path.of(file)
                        : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + " → " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + " → " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        for (String root : List.of("docs", "terraform")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(file -> file.toString().endsWith(".md"))
                        .filter(file -> !file.toString().contains("/.terraform/")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as '-'; plus explicit {#id}s. */
    static Set<String> anchors(Path page) throws IOException {
        String text = Files.readString(page);
        Set<String> anchors = new TreeSet<>();
        Matcher heading = HEADING.matcher(text.replaceAll("(?s)```.*?```", ""));
        while (heading.find()) {
            String title = heading.group(1);
            Matcher explicit = EXPLICIT_ANCHOR.matcher(title);
            if (explicit.find()) {
                anchors.add(explicit.group(1));
            }
            anchors.add(title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
