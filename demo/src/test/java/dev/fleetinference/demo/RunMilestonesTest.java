package dev.fleetinference.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.simulator.fleet.LatencySummary;
import dev.fleetinference.simulator.fleet.SimulationProgress;
import dev.fleetinference.simulator.fleet.SimulationProgress.Phase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RunMilestonesTest {

    private final List<Long> sendingSeenAt = new CopyOnWriteArrayList<>();
    private final List<Long> halfwaySeenAt = new CopyOnWriteArrayList<>();

    @Test
    void eachActionRunsOnceAtTheFirstReportThatReachesItsMilestone() throws Exception {
        try (RunMilestones milestones = new RunMilestones(1_000, p -> sendingSeenAt.add(p.sent()),
                p -> halfwaySeenAt.add(p.sent()))) {
            milestones.accept(progress(Phase.STARTING, 0));
            milestones.accept(progress(Phase.SENDING, 120));
            milestones.accept(progress(Phase.SENDING, 499));
            milestones.accept(progress(Phase.SENDING, 510));
            milestones.accept(progress(Phase.SENDING, 990));
            milestones.accept(progress(Phase.DONE, 1_000));
            milestones.finish(10);
        }

        assertThat(sendingSeenAt).containsExactly(120L);
        assertThat(halfwaySeenAt).containsExactly(510L);
    }

    @Test
    void aRunThatStopsBeforeHalfwayNeverReachesIt() throws Exception {
        try (RunMilestones milestones = new RunMilestones(1_000, p -> sendingSeenAt.add(p.sent()),
                p -> halfwaySeenAt.add(p.sent()))) {
            milestones.accept(progress(Phase.SENDING, 10));
            milestones.accept(progress(Phase.DRAINING, 300));
            milestones.accept(progress(Phase.DONE, 300));
            milestones.finish(10);
        }

        assertThat(sendingSeenAt).containsExactly(10L);
        assertThat(halfwaySeenAt).isEmpty();
    }

    static SimulationProgress progress(Phase phase, long sent) {
        return new SimulationProgress(phase, Duration.ofMillis(sent * 2), sent, sent, 0, LatencySummary.NONE);
    }
}
