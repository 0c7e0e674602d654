package dev.fleetinference.benchmark;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.HdrHistogram.Histogram;

/**
 * One variant in one round: its throughput, its latency, and whether every event got exactly one prediction.
 *
 * @param variant    the variant's label
 * @param round      1 on; 0 for the unrecorded warm-up round
 * @param throughput the pre-loaded phase
 * @param latency    the fixed-rate phase
 * @param events     the exactly-once check of every event the round sent, by event id
 * @param loadAverage the machine's one-minute load average at the round's end, to tell a round that shared the CPU
 *                   with other work from one that did not
 * @param roundTrips the latency phase's round trips in microseconds, for the plots (not written to JSON)
 */
@JsonIgnoreProperties({"roundTrips"})
record RoundResult(String variant, int round, ThroughputFigures throughput, LatencyFigures latency,
                   EventCheck events, double loadAverage, Histogram roundTrips) {

    /** Whether every event got exactly one prediction. */
    boolean exactlyOnce() {
        return events.exactlyOnce();
    }
}
