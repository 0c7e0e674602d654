package dev.fleetinference.demo;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the demo's SIGKILL of one stream-app instance did.
 *
 * @param instance the instance killed
 * @param pid      its process id
 * @param held     its partitions of the events topic when it was killed
 * @param at       when it was killed, into the measured run
 * @param scored   what it had scored since it started, read just before the kill
 * @param recovery from the SIGKILL until the others had a committed offset past the kill's on every partition;
 *                 empty if that did not happen within {@code bound}
 * @param bound    how long that was waited for
 * @param after    who held which partitions once it had happened (or when the wait ended)
 */
record Failover(String instance, long pid, Set<Integer> held, Duration at, long scored,
                Optional<Duration> recovery, Duration bound, PartitionAssignment after) {

    Failover {
        Objects.requireNonNull(instance, "instance");
        held = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(held, "held")));
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(after, "after");
    }
}
