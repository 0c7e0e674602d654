package dev.fleetinference.streamapp.routing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the predictions topics of every new device in a polled batch with one request, before the stream thread
 * processes the batch. Without it, the stream thread would meet each new device one event at a time and create its
 * topic in a request of its own, about 60 ms each on the embedded broker: a fleet of 50 new devices would wait 3 s.
 *
 * <p>An optimisation only: the pipeline's provisioning step still makes sure of each event's topic, so a failure
 * here is logged and the batch goes on (a consumer interceptor may not stop a poll anyway). Installed as the main
 * consumer's interceptor; it finds its {@link Lookahead} among the consumer's configs under {@link #CONFIG_KEY}.
 */
public final class LookaheadProvisioning implements ConsumerInterceptor<byte[], byte[]> {

    /** The key under which the interceptor finds its {@link Lookahead} among the consumer's configs. */
    public static final String CONFIG_KEY = "fleet.lookahead.provisioning";

    private static final Logger log = LoggerFactory.getLogger(LookaheadProvisioning.class);

    private Lookahead lookahead;

    /**
     * What the interceptor needs: the events topic whose keys are deviceIds, how device topics are named, who
     * creates them, and which devices are registered: a record's key is anyone's to choose, and only a registered
     * device's topic may be created (its registration made it; it may have been deleted since).
     */
    public record Lookahead(String eventsTopic, DeviceTopics topics, TopicProvisioner provisioner,
                            Predicate<String> registered) {

        public Lookahead {
            Objects.requireNonNull(eventsTopic, "eventsTopic");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(provisioner, "provisioner");
            Objects.requireNonNull(registered, "registered");
        }
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(CONFIG_KEY);
        if (!(value instanceof Lookahead found)) {
            throw new ConfigException(getClass().getSimpleName() + " needs a " + Lookahead.class.getName()
                    + " under the config key '" + CONFIG_KEY + "', found " + value);
        }
        lookahead = found;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        Set<String> topics = new LinkedHashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records.records(lookahead.eventsTopic())) {
            if (record.key() != null) {
                // the key is the deviceId for every event the pipeline will route; others go to the dead letters
                String deviceId = new String(record.key(), StandardCharsets.UTF_8);
                if (lookahead.topics().isLegal(deviceId) && lookahead.registered().test(deviceId)) {
                    topics.add(lookahead.topics().topicFor(deviceId));
                }
            }
        }
        if (!topics.isEmpty()) {
            try {
                lookahead.provisioner().ensureExists(topics);
            } catch (RuntimeException e) {
                log.debug("could not create {} device topics ahead; each event's own step will", topics.size(), e);
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
