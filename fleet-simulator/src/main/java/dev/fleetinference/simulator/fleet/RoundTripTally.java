package dev.fleetinference.simulator.fleet;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link RoundTripTracker} has counted so far.
 *
 * @param sent               events handed to the producer
 * @param sendFailures       events the producer could not deliver
 * @param received           prediction records read from the devices' topics, whatever they answer
 * @param answered           sent events answered on their own device's topic (each counted once)
 * @param inFlight           sent events neither answered nor failed yet
 * @param duplicates         predictions for an event that was answered already
 * @param unknown            predictions for events this run never sent
 * @param misrouted          predictions on the topic of a device other than the event's sender, never matched
 * @param unreadable         records on a predictions topic that did not deserialize as a {@code Prediction}
 * @param sendRatePerSecond  events per second between the first and the last send; 0 below two events
 * @param perModelVersion    answered events by the model that scored them ("anomaly v3"), sorted
 * @param firstPrediction    the same over each device's first event of the run, where answered: its cold start
 */
record RoundTripTally(long sent, long sendFailures, long received, long answered, long inFlight, long duplicates,
                      long unknown, long misrouted, long unreadable, AnomalyCounts anomalies,
                      SortedMap<String, Long> perModelVersion, LatencySummary roundTrip,
                      LatencySummary firstPrediction, double sendRatePerSecond) {

    RoundTripTally {
        Objects.requireNonNull(anomalies, "anomalies");
        Objects.requireNonNull(roundTrip, "roundTrip");
        Objects.requireNonNull(firstPrediction, "firstPrediction");
        perModelVersion = Collections.unmodifiableSortedMap(new TreeMap<>(perModelVersion));
    }
}
