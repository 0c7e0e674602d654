package dev.fleetinference.benchmark;

import java.util.Optional;

/**
 * Scenario 3: the broker that leads the most partitions of the events topic SIGKILLed, and started again after the
 * outage: with three brokers (replication 3, {@code min.insync.replicas} 2) nothing may be lost.
 */
final class BrokerLoss implements Scenario {

    private static final int BROKERS_NEEDED = 3;

    @Override
    public About about() {
        return new About(3, "broker SIGKILL",
                "SIGKILL the broker that leads the most input partitions, restart it later");
    }

    @Override
    public Optional<String> skipped(ChaosContext context) {
        return context.brokers().filter(brokers -> brokers.count() >= BROKERS_NEEDED).isPresent() ? Optional.empty()
                : Optional.of("needs --brokers " + BROKERS_NEEDED);
    }

    @Override
    public void inject(ScenarioRun run) throws InterruptedException {
        Brokers brokers = run.context().brokers().orElseThrow();
        int leader = brokers.leaderOfMostPartitions(run.topics().events());
        long killed = System.nanoTime();
        brokers.kill(leader);
        ChaosFault fault = run.fault("broker " + leader + " killed", killed);
        try {
            run.note("broker %d SIGKILLed: it led the most partitions of %s", leader, run.topics().events());
            run.awaitFlowing(fault);
            run.runFor(run.options().outage());
        } finally {
            brokers.restart(leader);
        }
        run.note("broker %d started again after %s", leader, BenchRun.seconds(run.options().outage()));
    }
}
