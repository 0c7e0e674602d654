package dev.fleetinference.streamapp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import dev.fleetinference.streamapp.testing.CommittedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Swapping models under leases: atomic for new leases, never closing a model a lease still holds. */
class SwappableModelTest {

    private final SessionCloser sessions = new SessionCloser();
    private final SwappableModel current = new SwappableModel("model 'anomaly'");

    @BeforeAll
    static void prepareTensorFlow() {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
    }

    @AfterEach
    void closeModels() {
        current.close();
    }

    @Test
    void leasingBeforeAnyModelIsLoadedFailsSayingWhichModelIsMissing() {
        assertThat(current.isReady()).isFalse();
        assertThat(current.current()).isEmpty();
        assertThatThrownBy(current::acquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no model 'anomaly' is loaded yet");
    }

    @Test
    void aLeaseKeepsASwappedOutModelOpenUntilItIsReleased() {
        LoadedModel first = load(1, CommittedModels.V1);
        LoadedModel second = load(2, CommittedModels.V2);
        current.swap(first);
        ModelLease inFlight = current.acquire();

        assertThat(current.swap(second)).map(ModelSpec::version).contains(1);

        assertThat(first.isClosed()).as("version 1 while a lease holds it").isFalse();
        assertThat(inFlight.model()).isSameAs(first);
        assertThat(inFlight.model().score(new float[2][8])).hasSize(2);
        try (ModelLease next = current.acquire()) {
            assertThat(next.model()).isSameAs(second);
        }

        inFlight.close();

        assertThat(first.isClosed()).as("version 1 after its last lease").isTrue();
        assertThat(second.isClosed()).isFalse();
        assertThat(current.current()).map(ModelSpec::version).contains(2);
    }

    @Test
    void aModelSwappedOutWithoutLeasesClosesAtOnce() {
        LoadedModel first = load(1, CommittedModels.V1);
        current.swap(first);
        current.acquire().close();

        current.swap(load(2, CommittedModels.V2));

        assertThat(first.isClosed()).isTrue();
    }

    @Test
    void aClosedLeaseNoLongerHandsOutItsModelAndClosingItTwiceReleasesOnce() {
        LoadedModel first = load(1, CommittedModels.V1);
        current.swap(first);
        ModelLease lease = current.acquire();
        ModelLease other = current.acquire();

        lease.close();
        lease.close();
        current.swap(load(2, CommittedModels.V2));

        assertThatThrownBy(lease::model).isInstanceOf(IllegalStateException.class).hasMessageContaining("was closed");
        assertThat(first.isClosed()).as("still held by the other lease").isFalse();
        other.close();
        assertThat(first.isClosed()).isTrue();
    }

    @Test
    void closingLetsTheLastModelGoAfterItsLeasesAndClosesLaterSwapsAtOnce() {
        LoadedModel first = load(1, CommittedModels.V1);
        current.swap(first);
        ModelLease lease = current.acquire();

        current.close();

        assertThat(first.isClosed()).isFalse();
        assertThatThrownBy(current::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        lease.close();
        assertThat(first.isClosed()).isTrue();
        LoadedModel late = load(2, CommittedModels.V2);
        current.swap(late);
        assertThat(late.isClosed()).isTrue();
        assertThat(current.isReady()).isFalse();
    }

    @Test
    void noLeaseEverSeesAClosedModelWhileModelsAreSwappedUnderLoad() throws Exception {
        current.swap(load(1, CommittedModels.V1));
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicLong batches = new AtomicLong();
        ExecutorService scorers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            running.add(scorers.submit(() -> {
                while (swapping.get()) {
                    try (ModelLease lease = current.acquire()) {
                        assertThat(lease.model().isClosed()).isFalse();
                        assertThat(lease.model().score(new float[8][8])).hasSize(8);
                        assertThat(lease.model().isClosed()).isFalse();
                    }
                    batches.incrementAndGet();
                }
                return null;
            }));
        }
        List<LoadedModel> swappedOut = new ArrayList<>();
        for (int i = 2; i <= 12; i++) {
            LoadedModel next = load(i, i % 2 == 0 ? CommittedModels.V2 : CommittedModels.V1);
            swappedOut.add(next);
            current.swap(next);
        }
        swapping.set(false);
        for (Future<?> scorer : running) {
            scorer.get();
        }
        scorers.shutdown();

        assertThat(batches.get()).isPositive();
        assertThat(swappedOut.subList(0, swappedOut.size() - 1)).allMatch(LoadedModel::isClosed);
        assertThat(swappedOut.get(swappedOut.size() - 1).isClosed()).isFalse();
    }

    private LoadedModel load(int version, Path dir) {
        return LoadedModel.load(CommittedModels.spec("anomaly", version, dir), dir, sessions);
    }
}
