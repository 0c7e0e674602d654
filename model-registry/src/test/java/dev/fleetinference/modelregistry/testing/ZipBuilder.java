package dev.fleetinference.modelregistry.testing;

import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds zips entry by entry, including the malformed and hostile ones a registry must refuse. */
public final class ZipBuilder {

    private record Entry(String name, byte[] content) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** A zip that is a valid artifact apart from what the caller adds or leaves out. */
    public static ZipBuilder validArtifact() {
        return new ZipBuilder()
                .add(ModelArtifacts.SAVED_MODEL_FILE, "graph")
                .add("variables/variables.index", "index")
                .add(ModelMetadata.FILE_NAME, TestModels.metadata().toJson());
    }

    public ZipBuilder add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public ZipBuilder add(String name, byte[] content) {
        entries.add(new Entry(name, content));
        return this;
    }

    /** Replaces every entry called {@code name} with one holding {@code content}. */
    public ZipBuilder replace(String name, String content) {
        entries.removeIf(e -> e.name().equals(name));
        return add(name, content);
    }

    public ZipBuilder remove(String name) {
        entries.removeIf(e -> e.name().equals(name));
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String[]> renames = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            List<String> written = new ArrayList<>();
            for (Entry entry : entries) {
                String name = entry.name();
                if (written.contains(name)) {
                    // ZipOutputStream refuses a duplicate, so it is written under a stand-in of the same length
                    // and renamed in the finished bytes
                    String standIn = name.substring(0, name.length() - 1) + "#";
                    renames.add(new String[] {standIn, name});
                    name = standIn;
                }
                written.add(entry.name());
                zip.putNextEntry(new ZipEntry(name));
                zip.write(entry.content());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        for (String[] rename : renames) {
            replaceAll(bytes, rename[0].getBytes(StandardCharsets.UTF_8), rename[1].getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
    }

    public Path writeTo(Path file) {
        try {
            return Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
