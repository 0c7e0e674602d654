package dev.fleetinference.devices;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The device registry's topic: compacted (the latest record of each device is the device), one partition (one
 * order for every device's records), never deleted by time.
 */
public final class RegistryTopic {

    /** The topic's name unless configured otherwise. */
    public static final String DEFAULT_NAME = "_devices";

    private RegistryTopic() {
    }

    /**
     * Creates the topic if it does not exist, with the cluster's default replication. Looks first: a reader (the
     * pipeline) may see the topic without the right to create it.
     */
    public static void ensure(Admin admin, String topic, Duration timeout) {
        try {
            if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return;
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics to find the device registry's topic '" + topic
                    + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for '" + topic + "'", e);
        }
        NewTopic spec = new NewTopic(topic, 1, (short) -1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.RETENTION_MS_CONFIG, "-1"));
        try {
            admin.createTopics(List.of(spec)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the device registry's topic '" + topic + "': "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not create the device registry's topic '" + topic
                    + "' within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating '" + topic + "'", e);
        }
    }
}
