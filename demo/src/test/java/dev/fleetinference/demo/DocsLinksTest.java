package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages in {@code docs/}: every relative link and image leads to a file that exists (and an
 * {@code #anchor} to a heading of it), and the README stays a short front door with the two commands on its first
 * screen.
 */
class DocsLinksTest {

    // Maven runs a module's tests from the module's directory; the docs are at the checkout's root
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final Path DOCS = ROOT.resolve("docs");
    private static final int README_MAX_LINES = 160;
    private static final int FIRST_SCREEN = 40;
    // [text](target) and ![alt](target), with an optional "title"
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private static List<Path> pages;

    @BeforeAll
    static void findThePages() throws IOException {
        assertThat(Files.isRegularFile(README)).withFailMessage("no README.md at %s (resolved from the module's "
                + "directory, where Maven runs its tests)", README).isTrue();
        assertThat(Files.isDirectory(DOCS)).withFailMessage("no docs/ directory at %s", DOCS).isTrue();
        List<Path> found = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(found::add);
        }
        pages = List.copyOf(found);
    }

    @Test
    void everyRelativeLinkAndImageLeadsToAFileAndEveryAnchorToAHeading() {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            for (String target : links(page)) {
                if (SCHEME.matcher(target).find()) {
                    continue;
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                if (!Files.exists(file)) {
                    broken.add(where(page) + ": " + target + " (no file " + ROOT.relativize(file) + ")");
                } else if (hash >= 0 && !anchors.computeIfAbsent(file, DocsLinksTest::headingAnchors)
                        .contains(target.substring(hash + 1))) {
                    broken.add(where(page) + ": " + target + " (no such heading in " + ROOT.relativize(file) + ")");
                }
            }
        }

        assertThat(broken).as("links in the README and docs/*.md that lead nowhere").isEmpty();
    }

    @Test
    void theReadmeIsShortWithTheDemoAndTheTestsOnItsFirstScreen() {
        List<String> lines = lines(README);
        String firstScreen = String.join("\n", lines.subList(0, Math.min(FIRST_SCREEN, lines.size())));

        assertThat(lines).as("README.md's lines: the details belong in docs/").hasSizeLessThanOrEqualTo(README_MAX_LINES);
        assertThat(firstScreen).as("README.md's first %d lines", FIRST_SCREEN)
                .contains("./fleet demo").contains("./mvnw -B verify");
    }

    @Test
    void theReadmeLinksToEveryPageInDocs() {
        Set<Path> linked = new TreeSet<>();
        for (String target : links(README)) {
            String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            if (!path.isEmpty() && !SCHEME.matcher(path).find()) {
                linked.add(ROOT.resolve(path).normalize());
            }
        }

        assertThat(linked).as("pages of docs/ linked from README.md").containsAll(pages.subList(1, pages.size()));
    }

    /** The targets of the page's links and images, outside code blocks and code spans. */
    private static List<String> links(Path page) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(page)) {
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> headingAnchors(Path page) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String anchor = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                // a repeated heading gets -1, -2, ... after its first
                int times = seen.merge(anchor, 1, Integer::sum);
                anchors.add(times == 1 ? anchor : anchor + "-" + (times - 1));
            }
        }
        return anchors;
    }

    /** The page's lines outside fenced code blocks. */
    private static List<String> prose(Path page) {
        List<String> prose = new ArrayList<>();
        boolean inFence = false;
        for (String line : lines(page)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence) {
                prose.add(line);
            }
        }
        return prose;
    }

    private static List<String> lines(Path page) {
        try {
            return Files.readAllLines(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + page, e);
        }
    }

    private static String where(Path page) {
        return ROOT.relativize(page).toString();
    }
}
