package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2: a fourth instance added mid-stream, which takes partitions from the three, then one of the first three
 * stopped gracefully (SIGTERM), whose partitions move to the others.
 */
final class ScaleOutAndIn implements Scenario {

    private static final String ADDED = ScenarioRun.INSTANCE_PREFIX + "d";
    private static final String STOPPED = ScenarioRun.INSTANCE_PREFIX + "a";

    @Override
    public About about() {
        return new About(2, "scale out, then in", "add a fourth instance mid-stream, then stop one gracefully");
    }

    @Override
    public void inject(ScenarioRun run) throws InterruptedException {
        long added = System.nanoTime();
        ChildStreamApp fourth = run.start(ADDED);
        long ready = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - added);
        // the rebalance that gives it partitions is over once it is ready: from there its partitions must move on
        ChaosFault join = run.fault(ADDED + " joined", System.nanoTime());
        run.note("%s started and ready in %,d ms", ADDED, ready);
        run.awaitFlowing(join);
        run.settle();
        long scored = fourth.scored();
        run.note(scored > 0 ? "%s scored %,d events by then" : "%s scored nothing by then: it was given no partition",
                ADDED, scored);

        long stopping = System.nanoTime();
        boolean clean = run.stop(STOPPED);
        long stopped = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        // its last commit is part of a clean stop: the others must move on from there
        ChaosFault leave = run.fault(STOPPED + " stopped", stopping);
        if (!clean) {
            run.fail("%s did not stop within %d s of SIGTERM and was SIGKILLed", STOPPED,
                    ChildStreamApp.STOP_GRACE.toSeconds());
        }
        run.note("%s stopped on SIGTERM in %,d ms", STOPPED, stopped);
        run.awaitFlowing(leave);
    }
}
