package dev.fleetinference.modelregistry.artifacts;

import dev.fleetinference.modelregistry.artifacts.ArtifactRejectedException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Walks a zip's entries under the artifact rules: safe relative names, no duplicates, a bounded
 * entry count and a bounded number of bytes actually inflated (declared sizes are not trusted).
 * Both the registry's check and the extraction on the scoring side read zips through here, so
 * they see the same entries.
 */
final class SafeZipReader {

    /** Receives each file entry; the stream counts what is read from it against the limits. */
    interface EntryVisitor {
        void visit(String name, InputStream content) throws IOException;
    }

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

    private final ArtifactLimits limits;

    SafeZipReader(ArtifactLimits limits) {
        this.limits = limits;
    }

    /** Visits every file entry in central-directory order, then checks what the visitor left unread. */
    void read(Path zipFile, EntryVisitor visitor) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(zipFile.toFile());
        } catch (ZipException e) {
            throw new ArtifactRejectedException(Reason.NOT_A_ZIP, "the upload is not a zip archive (" + e.getMessage() + ")");
        }
        try (zip) {
            if (zip.size() > limits.maxEntries()) {
                throw new ArtifactRejectedException(Reason.TOO_MANY_ENTRIES, "the zip has " + zip.size()
                        + " entries; at most " + limits.maxEntries() + " are allowed");
            }
            Set<String> names = new HashSet<>();
            Budget inflated = new Budget();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = checkedName(entry.getName());
                if (!names.add(name)) {
                    throw new ArtifactRejectedException(Reason.UNSAFE_ENTRY,
                            "the zip has the entry '" + name + "' more than once");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                try (CountingStream content = new CountingStream(zip.getInputStream(entry), inflated, name)) {
                    visitor.visit(name, content);
                    content.drain();
                    if (entry.getCrc() != -1 && content.crc() != entry.getCrc()) {
                        throw new ArtifactRejectedException(Reason.NOT_A_ZIP,
                                "the zip entry '" + name + "' is corrupt (its CRC does not match its content)");
                    }
                } catch (ZipException | java.io.EOFException e) {
                    throw new ArtifactRejectedException(Reason.NOT_A_ZIP,
                            "the zip entry '" + name + "' cannot be read (" + e.getMessage() + ")");
                }
            }
        }
    }

    /** The entry name without a directory's trailing slash, if it is a safe relative path. */
    static String checkedName(String rawName) {
        String name = rawName.endsWith("/") ? rawName.substring(0, rawName.length() - 1) : rawName;
        if (name.isEmpty()) {
            throw unsafe(rawName, "is empty");
        }
        if (name.startsWith("/") || DRIVE_LETTER.matcher(name).matches()) {
            throw unsafe(rawName, "is an absolute path");
        }
        if (name.indexOf('\\') >= 0) {
            throw unsafe(rawName, "contains a backslash");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw unsafe(rawName, "contains a control character");
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw unsafe(rawName, "climbs out of the artifact with '..'");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw unsafe(rawName, "is not a plain relative path (empty or '.' segment)");
            }
        }
        return name;
    }

    private static ArtifactRejectedException unsafe(String name, String problem) {
        return new ArtifactRejectedException(Reason.UNSAFE_ENTRY, "the zip entry '" + name + "' " + problem);
    }

    /** Bytes inflated so far across all entries of one zip. */
    private static final class Budget {
        long used;
    }

    /** Counts inflated bytes against the budget and stops at the limit, whatever the entries declare. */
    private final class CountingStream extends FilterInputStream {

        private final Budget total;
        private final String name;
        private final CRC32 crc = new CRC32();

        CountingStream(InputStream in, Budget total, String name) {
            super(in);
            this.total = total;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
                crc.update(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
                crc.update(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipping would bypass the count and the checksum, so it reads instead
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        void drain() throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (read(buffer, 0, buffer.length) >= 0) {
                // reading is the point: every byte is counted and checksummed
            }
        }

        long crc() {
            return crc.getValue();
        }

        private void count(int n) {
            total.used += n;
            if (total.used > limits.maxUnzippedBytes()) {
                throw new ArtifactRejectedException(Reason.EXPANDS_TOO_LARGE, "the zip inflates to more than "
                        + limits.maxUnzippedBytes() + " bytes (the limit), reached while reading '" + name + "'");
            }
        }
    }
}
