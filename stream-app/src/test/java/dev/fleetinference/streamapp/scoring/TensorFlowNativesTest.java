package dev.fleetinference.streamapp.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowNativesTest {

    @TempDir
    Path cache;

    @Test
    void aCompleteExtractionOfAnotherProcessIsKept() throws IOException {
        Path target = extracted(cache.resolve("target"), "theirs");
        Path staging = extracted(cache.resolve("extracting-1"), "ours");

        // two instances started together on a new machine: the second finds the directory full
        TensorFlowNatives.moveIntoPlace(staging, target);

        assertThat(target.resolve(TensorFlowNatives.JNI_LIBRARY)).hasContent("theirs");
    }

    @Test
    void aTargetWithoutTheMarkerIsAFailure() throws IOException {
        Path target = cache.resolve("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve(TensorFlowNatives.JNI_LIBRARY), "half");
        Path staging = extracted(cache.resolve("extracting-1"), "ours");

        assertThatThrownBy(() -> TensorFlowNatives.moveIntoPlace(staging, target)).isInstanceOf(IOException.class);
    }

    @Test
    void theFirstExtractionMovesIntoPlace() throws IOException {
        Path target = cache.resolve("target");
        Path staging = extracted(cache.resolve("extracting-1"), "ours");

        TensorFlowNatives.moveIntoPlace(staging, target);

        assertThat(target.resolve(TensorFlowNatives.JNI_LIBRARY)).hasContent("ours");
        assertThat(staging).doesNotExist();
    }

    private static Path extracted(Path dir, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(TensorFlowNatives.JNI_LIBRARY), content);
        Files.createFile(dir.resolve(".complete"));
        return dir;
    }
}
