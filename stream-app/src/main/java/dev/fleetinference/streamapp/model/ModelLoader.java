package dev.fleetinference.streamapp.model;

import dev.fleetinference.modelregistry.artifacts.ArtifactLimits;
import dev.fleetinference.modelregistry.artifacts.ArtifactRejectedException;
import dev.fleetinference.modelregistry.artifacts.ModelArtifacts;
import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.modelregistry.artifacts.Sha256;
import dev.fleetinference.modelregistry.client.ArtifactDigestMismatchException;
import dev.fleetinference.modelregistry.client.ModelRegistryClient;
import dev.fleetinference.modelregistry.client.ModelRegistryException;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.streamapp.model.ModelLoadException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a registered model version into a {@link LoadedModel}: downloads its artifact (or reuses a
 * cached copy with the right sha256), unpacks it, checks that its signature is the registered one
 * and fits the pipeline, loads it into TensorFlow and scores a warm-up batch. Thread-safe.
 */
public final class ModelLoader implements VersionLoader {

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelRegistryClient registry;
    private final Path cacheDir;
    private final ArtifactLimits limits;
    private final SessionCloser sessions = new SessionCloser();

    /**
     * @param registry where artifacts come from
     * @param cacheDir where artifacts are kept as {@code <sha256>.zip} and unpacked while loading
     * @param limits   how large an artifact may be, zipped and unzipped
     */
    public ModelLoader(ModelRegistryClient registry, Path cacheDir, ArtifactLimits limits) {
        this.registry = registry;
        this.cacheDir = cacheDir;
        this.limits = limits;
    }

    @Override
    public LoadedModel load(ModelVersion version) {
        long began = System.nanoTime();
        Path zip = artifact(version);
        Path unpacked = unpackDir(version);
        try {
            ModelMetadata metadata = extract(version, zip, unpacked);
            checkSignature(version, metadata);
            ModelSpec spec = ModelSpec.of(version, metadata);
            // TensorFlow reads the variables into the session while loading, so the files can go afterwards
            LoadedModel model = LoadedModel.load(spec, unpacked, sessions);
            try {
                model.warmUp();
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            log.info("loaded {} in {} ms", spec.describe(), (System.nanoTime() - began) / 1_000_000);
            return model;
        } finally {
            FileUtils.deleteQuietly(unpacked.toFile());
        }
    }

    private Path artifact(ModelVersion version) {
        Sha256 expected;
        try {
            expected = new Sha256(version.getDigest());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(Reason.DIGEST_MISMATCH, version, "the catalog's digest is not a sha256", e);
        }
        Path cached = cacheDir.resolve(expected.hex() + ".zip");
        try {
            if (Files.isRegularFile(cached) && Sha256.of(cached).equals(expected)) {
                log.debug("reusing the cached artifact {} of {}", cached, describe(version));
                return cached;
            }
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new ModelLoadException(Reason.DOWNLOAD_FAILED, version,
                    "cannot use the artifact cache " + cacheDir + ": " + e, e);
        }
        ModelVersion described;
        try {
            described = registry.download(version.getName(), version.getVersion(), cached);
        } catch (ArtifactDigestMismatchException e) {
            throw new ModelLoadException(Reason.DIGEST_MISMATCH, version, e.getMessage(), e);
        } catch (ModelRegistryException | UncheckedIOException e) {
            throw new ModelLoadException(Reason.DOWNLOAD_FAILED, version, e.getMessage(), e);
        }
        if (!described.getDigest().equals(expected.hex())) {
            // the client checked the bytes against what the registry says now, which is not what the catalog said
            FileUtils.deleteQuietly(cached.toFile());
            throw new ModelLoadException(Reason.DIGEST_MISMATCH, version, "the registry serves an artifact with sha256 "
                    + described.getDigest() + " for this version, not the digest the catalog recorded", null);
        }
        return cached;
    }

    private Path unpackDir(ModelVersion version) {
        try {
            return Files.createTempDirectory(Files.createDirectories(cacheDir), version.getDigest() + "-");
        } catch (IOException e) {
            throw new ModelLoadException(Reason.DOWNLOAD_FAILED, version,
                    "cannot create a directory to unpack into under " + cacheDir + ": " + e, e);
        }
    }

    private ModelMetadata extract(ModelVersion version, Path zip, Path dir) {
        try {
            return ModelArtifacts.extract(zip, dir, limits);
        } catch (ArtifactRejectedException e) {
            throw new ModelLoadException(Reason.INVALID_ARTIFACT, version, e.reason().code() + ": " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ModelLoadException(Reason.INVALID_ARTIFACT, version, "cannot unpack " + zip + ": " + e, e);
        }
    }

    /** The artifact must describe itself as the catalog describes it, in the one shape the pipeline feeds. */
    private static void checkSignature(ModelVersion version, ModelMetadata metadata) {
        List<String> registered = version.getInputSignature().getFeatureNames();
        if (!metadata.featureNames().equals(registered)) {
            throw signatureMismatch(version, "its " + ModelMetadata.FILE_NAME + " names features "
                    + metadata.featureNames() + ", but the registered signature is " + registered);
        }
        String dtype = version.getInputSignature().getDtype();
        if (!ModelMetadata.DTYPE.equals(dtype) || !ModelMetadata.DTYPE.equals(metadata.dtype())) {
            throw signatureMismatch(version, "the pipeline feeds " + ModelMetadata.DTYPE + "; the registered input is "
                    + dtype + " and the artifact's " + metadata.dtype());
        }
        if (metadata.outputNames().size() != 1 || !metadata.outputNames().equals(version.getOutputNames())) {
            throw signatureMismatch(version, "the pipeline reads exactly one output; the artifact has "
                    + metadata.outputNames() + " and the registered signature " + version.getOutputNames());
        }
    }

    private static ModelLoadException signatureMismatch(ModelVersion version, String problem) {
        return new ModelLoadException(Reason.SIGNATURE_MISMATCH, version, problem, null);
    }

    private static String describe(ModelVersion version) {
        return ModelSpec.describe(version.getName(), version.getVersion(), version.getDigest());
    }
}
