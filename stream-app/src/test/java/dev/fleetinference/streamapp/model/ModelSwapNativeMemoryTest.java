package dev.fleetinference.streamapp.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.streamapp.scoring.Probe;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;
import dev.fleetinference.streamapp.testing.CommittedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Swapping models many times does not grow native memory (STACK.md trap 3: DJL 0.28 alone never
 * frees a closed model's TensorFlow session and graph).
 *
 * <p>The module's tests run with a fixed, pre-touched heap (see the pom), so RSS moves with native
 * memory only. Measured so with the committed models: +2 to +4 MB per hundred swaps with
 * {@link SessionCloser}, +31 MB (about 310 kB per swap, linear) without it; the bound sits between.
 */
class ModelSwapNativeMemoryTest {

    private static final int WARM_UP_SWAPS = 10;
    private static final int MEASURED_SWAPS = 100;
    private static final long MAX_GROWTH_KB = 10 * 1024;
    private static final Path STATUS = Path.of("/proc/self/status");

    @BeforeAll
    static void prepareTensorFlow() {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
    }

    @Test
    void aHundredSwapsLeaveResidentMemoryFlat() throws IOException {
        Probe probe = Probe.read(CommittedModels.V1);
        SessionCloser sessions = new SessionCloser();
        try (SwappableModel current = new SwappableModel("model 'leak-check'")) {
            for (int swap = 1; swap <= WARM_UP_SWAPS; swap++) {
                swapAndScore(current, sessions, swap, probe);
            }
            long before = settledRssKb();
            System.out.printf("RSS after %d warm-up swaps: %,d kB%n", WARM_UP_SWAPS, before);
            for (int swap = 1; swap <= MEASURED_SWAPS; swap++) {
                swapAndScore(current, sessions, WARM_UP_SWAPS + swap, probe);
                if (swap % 10 == 0) {
                    System.out.printf("RSS after %3d more swaps: %,d kB (%+,d kB)%n", swap, rssKb(), rssKb() - before);
                }
            }
            long after = settledRssKb();
            long growth = after - before;
            System.out.printf("RSS before %,d kB, after %d swaps %,d kB: %+,d kB in all, %+.1f kB per swap%n",
                    before, MEASURED_SWAPS, after, growth, growth / (double) MEASURED_SWAPS);

            assertThat(growth).as("RSS growth in kB over %d swaps", MEASURED_SWAPS).isLessThan(MAX_GROWTH_KB);
        }
    }

    private static void swapAndScore(SwappableModel current, SessionCloser sessions, int version, Probe probe) {
        Path dir = version % 2 == 0 ? CommittedModels.V2 : CommittedModels.V1;
        LoadedModel next = LoadedModel.load(CommittedModels.spec("leak-check", version, dir), dir, sessions);
        next.warmUp();
        current.swap(next);
        try (ModelLease lease = current.acquire()) {
            assertThat(lease.model().score(probe.inputs())).hasSize(probe.scores().length);
        }
    }

    /** RSS once the Java heap has let go of what it can, so that what remains is native memory. */
    private static long settledRssKb() throws IOException {
        System.gc();
        System.gc();
        return rssKb();
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STATUS, e);
        }
        throw new IllegalStateException("no VmRSS line in " + STATUS);
    }
}
