package dev.fleetinference.settings.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.settings.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps {@code docs/configuration.md} true: each command's table there, between {@code <!-- settings:NAME -->} and
 * {@code <!-- /settings:NAME -->}, must be the one its {@link Command} renders. With {@code -Dfleet.docs.write=true}
 * the test writes the table instead, so a changed setting is documented by running its module's test once.
 */
public final class ConfigurationDoc {

    static final String WRITE = "fleet.docs.write";

    private ConfigurationDoc() {
    }

    /** Asserts (or, asked to, writes) the table of {@code command} under the marker {@code name}. */
    public static void assertDocuments(String name, Command command) {
        Path doc = find();
        String text = read(doc);
        String open = "<!-- settings:" + name + " -->\n";
        String close = "<!-- /settings:" + name + " -->";
        int start = text.indexOf(open);
        int end = text.indexOf(close);
        assertThat(start).as("%s has no line '%s'", doc, open.strip()).isNotNegative();
        assertThat(end).as("%s has no line '%s' after '%s'", doc, close, open.strip()).isGreaterThan(start);
        String documented = text.substring(start + open.length(), end);
        String table = command.referenceTable();
        if (Boolean.getBoolean(WRITE)) {
            write(doc, text.substring(0, start + open.length()) + table + text.substring(end));
            return;
        }
        assertThat(documented).as("the table of %s in %s (run this test with -D%s=true to write it)", name, doc,
                WRITE).isEqualTo(table);
    }

    // Maven runs a module's tests in the module's directory; the docs are at the checkout's root
    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs").resolve("configuration.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("no docs/configuration.md above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path doc) {
        try {
            return Files.readString(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path doc, String text) {
        try {
            Files.writeString(doc, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
