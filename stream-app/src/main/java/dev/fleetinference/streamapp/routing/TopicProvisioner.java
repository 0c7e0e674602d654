package dev.fleetinference.streamapp.routing;

import java.util.Collection;
import java.util.List;

/**
 * Makes sure topics exist before the pipeline writes to them: a missing sink topic would block the stream thread.
 * The one place per-device topics come into being, so the place their ACLs will be attached.
 */
public interface TopicProvisioner {

    /**
     * Returns once every topic in {@code topics} exists; creates the missing ones in one request. Throws
     * {@link TopicProvisioningException} if they cannot be made to exist.
     */
    void ensureExists(Collection<String> topics);

    /** {@link #ensureExists(Collection)} for one topic. */
    default void ensureExists(String topic) {
        ensureExists(List.of(topic));
    }

    /**
     * Forgets that {@code topic} exists, so that the next {@link #ensureExists} asks the cluster again: a write found
     * it gone (deleted while the app runs). A provisioner that remembers nothing has nothing to forget.
     */
    default void forget(String topic) {
    }
}
