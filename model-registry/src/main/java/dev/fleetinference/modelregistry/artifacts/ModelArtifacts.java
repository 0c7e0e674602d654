package dev.fleetinference.modelregistry.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Turns a SavedModel directory into the registry's artifact (one zip) and back.
 *
 * <p>The zip is deterministic: entries sorted by path, a fixed timestamp, no directory entries and
 * no file attributes, so the same directory always gives the same bytes and the same sha256 on a
 * given Java runtime (the deflate output belongs to its zlib). Empty directories are not kept.
 */
public final class ModelArtifacts {

    public static final String SAVED_MODEL_FILE = "saved_model.pb";
    public static final String CONTENT_TYPE = "application/zip";

    // In the DOS date range and set as local time, so no time zone and no extra field enter the zip.
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private ModelArtifacts() {
    }

    /** Writes the directory's files as a deterministic zip to {@code out}; does not close it. */
    public static void zip(Path savedModelDir, OutputStream out) throws IOException {
        if (!Files.isDirectory(savedModelDir)) {
            throw new IOException("not a directory: " + savedModelDir.toAbsolutePath());
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Path file : filesOf(savedModelDir)) {
            ZipEntry entry = new ZipEntry(entryName(savedModelDir, file));
            entry.setTimeLocal(FIXED_TIME);
            zip.putNextEntry(entry);
            Files.copy(file, zip);
            zip.closeEntry();
        }
        zip.finish();
        out.flush();
    }

    /** Zips the directory into {@code targetZip}, replacing it; returns {@code targetZip}. */
    public static Path zip(Path savedModelDir, Path targetZip) throws IOException {
        try (OutputStream out = Files.newOutputStream(targetZip)) {
            zip(savedModelDir, out);
        }
        return targetZip;
    }

    /**
     * Checks an artifact as the registry does, then unpacks it into {@code targetDir} (created if
     * needed) and returns its metadata. Nothing outside {@code targetDir} is ever written. If
     * unpacking fails halfway, the files it wrote and the directories it created are deleted again;
     * what was in {@code targetDir} before and not overwritten stays.
     */
    public static ModelMetadata extract(Path zip, Path targetDir, ArtifactLimits limits) throws IOException {
        ModelMetadata metadata = new ArtifactInspector(limits).inspect(zip);
        Unpacking unpacking = new Unpacking();
        boolean complete = false;
        try {
            Path root = unpacking.createDirectories(targetDir).toRealPath();
            new SafeZipReader(limits).read(zip, (name, content) -> unpacking.write(root, name, content));
            complete = true;
        } finally {
            // half a model is worse than none: a loader would fail on it later, further from the cause
            if (!complete) {
                unpacking.undo();
            }
        }
        return metadata;
    }

    private static List<Path> filesOf(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> entryName(dir, a).compareTo(entryName(dir, b)))
                    .toList();
        }
    }

    private static String entryName(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Writes entries under a root and remembers what it created, newest last, so it can take it back. */
    private static final class Unpacking {

        private final Deque<Path> created = new ArrayDeque<>();

        Path createDirectories(Path dir) throws IOException {
            Deque<Path> missing = new ArrayDeque<>();
            for (Path d = dir.toAbsolutePath(); d != null && !Files.exists(d); d = d.getParent()) {
                missing.push(d);
            }
            Files.createDirectories(dir);
            missing.forEach(created::push);
            return dir;
        }

        void write(Path root, String name, InputStream content) throws IOException {
            Path target = root.resolve(name).normalize();
            // SafeZipReader already refused such names; this guards the file system on its own terms.
            if (!target.startsWith(root)) {
                throw new IOException("refusing to write outside " + root + ": " + name);
            }
            createDirectories(target.getParent());
            // noted before the copy, so a file left half written goes too
            created.push(target);
            Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
        }

        /** Deletes what was created, files before the directories holding them; best effort. */
        void undo() {
            while (!created.isEmpty()) {
                try {
                    Files.deleteIfExists(created.pop());
                } catch (IOException e) {
                    // not ours to empty (it held something before), or already unwritable: leave it
                }
            }
        }
    }
}
