package dev.fleetinference.localstack.kafka;

/**
 * How many copies of each partition an embedded cluster keeps, and how many must have a write before an acks=all
 * producer hears it succeeded: three and two on three brokers (one broker may fail and nothing is lost), one and
 * one on a single broker.
 *
 * @param factor            the replication factor of every topic, Kafka's internal ones included
 * @param minInSyncReplicas {@code min.insync.replicas}: fewer in-sync copies and acks=all writes are refused
 */
public record Replication(short factor, int minInSyncReplicas) {

    public Replication {
        if (factor < 1 || minInSyncReplicas < 1 || minInSyncReplicas > factor) {
            throw new IllegalArgumentException("replication needs 1 <= minInSyncReplicas <= factor, got factor "
                    + factor + " and minInSyncReplicas " + minInSyncReplicas);
        }
    }

    /** Three copies at most (more buy little on one machine), and all but one of them in sync. */
    public static Replication forBrokers(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker, got " + brokers);
        }
        short factor = (short) Math.min(brokers, 3);
        return new Replication(factor, Math.max(1, factor - 1));
    }
}
