package dev.fleetinference.modelregistry.artifacts;

/**
 * How large an artifact may be, zipped and unzipped, so that one upload cannot fill the disk or memory.
 *
 * @param maxUploadBytes   the largest zip accepted, in bytes
 * @param maxUnzippedBytes the most bytes all entries together may inflate to
 * @param maxEntries       the most entries a zip may have
 */
public record ArtifactLimits(long maxUploadBytes, long maxUnzippedBytes, int maxEntries) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_MAX_UNZIPPED_BYTES = 1024L * 1024 * 1024;
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    public ArtifactLimits {
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("maxUploadBytes must be positive, got " + maxUploadBytes);
        }
        if (maxUnzippedBytes < 1) {
            throw new IllegalArgumentException("maxUnzippedBytes must be positive, got " + maxUnzippedBytes);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
    }

    /** 256 MiB zipped, 1 GiB unzipped, 10 000 entries. */
    public static ArtifactLimits defaults() {
        return new ArtifactLimits(DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_UNZIPPED_BYTES, DEFAULT_MAX_ENTRIES);
    }
}
