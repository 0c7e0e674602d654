package dev.fleetinference.simulator.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a running simulation stands, as its progress listener sees it every progress interval.
 *
 * @param elapsed   time since the run started (connecting included)
 * @param sent      events sent so far
 * @param received  predictions received so far
 * @param inFlight  events sent and not answered yet
 * @param roundTrip round trips measured so far
 */
public record SimulationProgress(Phase phase, Duration elapsed, long sent, long received, long inFlight,
                                 LatencySummary roundTrip) {

    /** What the run is doing. */
    public enum Phase {
        /** Waiting for Kafka, the events topic and the devices' predictions topics. */
        STARTING,
        /** Sending events at the rate. */
        SENDING,
        /** Sending is over; waiting up to the grace period for the predictions still in flight. */
        DRAINING,
        /** The run is over; this is the last progress report. */
        DONE
    }

    public SimulationProgress {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(roundTrip, "roundTrip");
    }
}
