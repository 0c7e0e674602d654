package dev.fleetinference.benchmark;

/**
 * The Kafka cluster's brokers as the broker-loss scenario needs them: which one to take away, and a way to take it
 * away and bring it back. The seam for a cluster of several brokers; the single-broker stack has none, and the
 * scenario is skipped there.
 */
interface Brokers {

    /** How many brokers the cluster has, running or not. */
    int count();

    /** The id of the broker that leads the most partitions of {@code topic} now. */
    int leaderOfMostPartitions(String topic);

    /** SIGKILLs broker {@code id}, as a machine failure would, and waits until it is gone. */
    void kill(int id);

    /** Starts broker {@code id} again with its data, and waits until it serves. */
    void restart(int id);
}
