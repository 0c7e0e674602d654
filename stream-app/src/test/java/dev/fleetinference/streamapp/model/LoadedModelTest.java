package dev.fleetinference.streamapp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fleetinference.streamapp.model.ModelLoadException.Reason;
import dev.fleetinference.streamapp.scoring.Probe;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import dev.fleetinference.streamapp.testing.CommittedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SavedModel loaded for the pipeline: scores as the trainer did, from many threads, and refuses what does not fit. */
class LoadedModelTest {

    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 50;

    private final SessionCloser sessions = new SessionCloser();

    @BeforeAll
    static void prepareTensorFlow() {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
    }

    @Test
    void scoresTheProbeAsTheTrainerDidFromSeveralThreadsAtOnce() throws Exception {
        Probe probe = Probe.read(CommittedModels.V1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try (LoadedModel model = LoadedModel.load(CommittedModels.spec("anomaly", 1, CommittedModels.V1),
                CommittedModels.V1, sessions)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<List<float[]>>> callers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                callers.add(() -> {
                    start.await();
                    List<float[]> results = new ArrayList<>();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        results.add(model.score(probe.inputs()));
                    }
                    return results;
                });
            }
            List<Future<List<float[]>>> futures = new ArrayList<>();
            callers.forEach(caller -> futures.add(threads.submit(caller)));
            start.countDown();

            for (Future<List<float[]>> future : futures) {
                for (float[] scores : future.get()) {
                    assertThat(scores).hasSize(probe.scores().length);
                    for (int i = 0; i < scores.length; i++) {
                        assertThat(scores[i]).as("score of probe row %d", i).isCloseTo(probe.scores()[i], within(1e-5f));
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClosedModelRefusesToScoreNamingItself() {
        ModelSpec spec = CommittedModels.spec("anomaly", 1, CommittedModels.V1);
        LoadedModel model = LoadedModel.load(spec, CommittedModels.V1, sessions);
        model.score(new float[1][8]);

        model.close();
        model.close();

        assertThat(model.isClosed()).isTrue();
        assertThatThrownBy(() -> model.score(new float[1][8]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model 'anomaly' version 1").hasMessageContaining("closed");
    }

    @Test
    void aRowOfTheWrongWidthIsRefusedNamingBothWidths() {
        try (LoadedModel model = LoadedModel.load(CommittedModels.spec("anomaly", 1, CommittedModels.V1),
                CommittedModels.V1, sessions)) {
            assertThatThrownBy(() -> model.score(new float[][] {{1f, 2f, 3f}}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("model 'anomaly' version 1").hasMessageContaining("3 features")
                    .hasMessageContaining("takes 8");
        }
    }

    @Test
    void warmingUpScoresABatchWithoutError() {
        try (LoadedModel model = LoadedModel.load(CommittedModels.spec("anomaly", 1, CommittedModels.V2),
                CommittedModels.V2, sessions)) {
            model.warmUp();

            assertThat(model.score(new float[3][8])).hasSize(3);
        }
    }

    @Test
    void aSavedModelThatTakesMoreFeaturesThanItsSpecNamesIsASignatureMismatch(@TempDir Path dir) {
        Path narrowed = CommittedModels.withOneFeatureTooFew(dir.resolve("narrowed"));
        ModelSpec spec = CommittedModels.spec("anomaly", 3, narrowed);

        assertThatThrownBy(() -> LoadedModel.load(spec, narrowed, sessions))
                .isInstanceOfSatisfying(ModelLoadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH);
                    assertThat(e.version()).isEqualTo(3);
                })
                .hasMessageContaining("model 'anomaly' version 3 (sha256 " + spec.digest() + ")")
                .hasMessageContaining("(-1, 8)").hasMessageContaining("7 features");
    }

    @Test
    void aGraphThatIsNotAProtobufIsNotLoadable(@TempDir Path dir) {
        Path garbage = CommittedModels.withGarbageGraph(dir.resolve("garbage"));
        ModelSpec spec = CommittedModels.spec("anomaly", 4, garbage);

        assertThatThrownBy(() -> LoadedModel.load(spec, garbage, sessions))
                .isInstanceOfSatisfying(ModelLoadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_LOADABLE))
                .hasMessageContaining("model 'anomaly' version 4 (sha256 " + spec.digest() + ")")
                .hasMessageContaining("TensorFlow cannot load the SavedModel");
    }
}
