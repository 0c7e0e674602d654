package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.ChildStreamApp;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 1: one of the three instances SIGKILLed mid-stream, the next one each time; once the other two have taken
 * its partitions over (the failover: its session expired, its open transaction aborted), it is restarted with the same
 * instance id and state directory, as a pod with its volume, and takes its share back.
 */
final class InstanceKills implements Scenario {

    private final int kills;

    InstanceKills(int kills) {
        this.kills = kills;
    }

    @Override
    public About about() {
        return new About(1, "instance SIGKILLs", String.format(Locale.ROOT, "SIGKILL one of three instances, %d "
                + "time%s; the others take over, then it is restarted with its id and state directory", kills,
                kills == 1 ? "" : "s"));
    }

    @Override
    public void inject(ScenarioRun run) throws InterruptedException {
        for (int k = 1; k <= kills; k++) {
            if (k > 1) {
                run.settle();
            }
            String victim = ScenarioRun.INSTANCE_PREFIX + (char) ('a' + (k - 1) % ChaosOptions.INSTANCES);
            long killed = System.nanoTime();
            run.kill(victim);
            ChaosFault failover = run.fault("kill " + k + " (" + victim + ")", killed);
            long committed = failover.committed().values().stream().mapToLong(Long::longValue).sum();
            long sent = run.load().sent();
            run.awaitFlowing(failover);
            long tookOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            ChildStreamApp next = run.start(victim);
            long ready = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            run.note("kill %d: %s SIGKILLed with %,d events committed and %,d sent; every partition committing "
                    + "again without it %,d ms later; restarted then with its id and state (pid %d), ready %,d ms "
                    + "after the kill", k, victim, committed, sent, tookOver, next.pid(), ready);
            run.awaitFlowing(run.fault("rejoin " + k + " (" + victim + ")", System.nanoTime()));
        }
    }
}
