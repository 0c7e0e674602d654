package dev.fleetinference.modelregistry.artifacts;

import dev.fleetinference.modelregistry.artifacts.ArtifactRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** Decides whether a zip is an acceptable model artifact, and reads its metadata if so. */
public final class ArtifactInspector {

    private final SafeZipReader reader;

    public ArtifactInspector(ArtifactLimits limits) {
        this.reader = new SafeZipReader(limits);
    }

    /**
     * Reads the whole zip: every entry must be safe, the sizes within limits, {@code saved_model.pb}
     * at the root and {@code fleet-model.json} valid. Throws {@link ArtifactRejectedException} otherwise.
     */
    public ModelMetadata inspect(Path zip) throws IOException {
        Findings findings = new Findings();
        reader.read(zip, findings);
        if (!findings.savedModel) {
            String hint = findings.nestedSavedModel.map(n -> "; it is at '" + n + "', but must be at the root").orElse("");
            throw new ArtifactRejectedException(Reason.NO_SAVED_MODEL,
                    "the zip has no " + ModelArtifacts.SAVED_MODEL_FILE + " at its root" + hint);
        }
        if (findings.metadata == null) {
            throw new ArtifactRejectedException(Reason.INVALID_METADATA,
                    "the zip has no " + ModelMetadata.FILE_NAME + " at its root");
        }
        return ModelMetadata.parse(findings.metadata);
    }

    /** What one walk over the entries saw. */
    private static final class Findings implements SafeZipReader.EntryVisitor {
        boolean savedModel;
        Optional<String> nestedSavedModel = Optional.empty();
        byte[] metadata;

        @Override
        public void visit(String name, InputStream content) throws IOException {
            if (name.equals(ModelArtifacts.SAVED_MODEL_FILE)) {
                savedModel = true;
            } else if (name.endsWith("/" + ModelArtifacts.SAVED_MODEL_FILE)) {
                nestedSavedModel = Optional.of(name);
            } else if (name.equals(ModelMetadata.FILE_NAME)) {
                metadata = content.readNBytes(ModelMetadata.MAX_FILE_BYTES + 1);
                if (metadata.length > ModelMetadata.MAX_FILE_BYTES) {
                    throw new ArtifactRejectedException(Reason.INVALID_METADATA, ModelMetadata.FILE_NAME
                            + " is larger than " + ModelMetadata.MAX_FILE_BYTES + " bytes");
                }
            }
        }
    }
}
