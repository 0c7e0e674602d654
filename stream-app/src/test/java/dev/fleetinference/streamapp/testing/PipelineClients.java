package dev.fleetinference.streamapp.testing;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.serde.AvroDeserializer;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients of a pipeline's surroundings: devices writing events, and readers of the predictions. */
public final class PipelineClients {

    private PipelineClients() {
    }

    /**
     * Writes events (specific FeatureEvents or generic records of a later schema version) as the devices of {@code
     * fleet} do: signed with the event's device's key.
     */
    public static <T extends IndexedRecord> KafkaProducer<String, T> eventProducer(TestStack stack,
                                                                                 SchemaRegistryClient schemas,
                                                                                 TestFleet fleet) {
        Map<String, Object> settings = new java.util.HashMap<>(stack.adminClientSettings());
        settings.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5));
        return new KafkaProducer<>(settings, new StringSerializer(), fleet.<T>events(schemas));
    }

    /** Reads every device's predictions topic of {@code topics}, read_committed. */
    public static TopicReader<Prediction> predictionReader(TestStack stack, SchemaRegistryClient schemas,
                                                           PipelineTopics topics) {
        return new TopicReader<>(stack.bootstrapServers(), stack.adminClientSettings(),
                Pattern.compile(Pattern.quote(topics.predictions().prefix()) + ".*"),
                AvroDeserializer.forSpecific(schemas, Prediction.class, AvroSerdeConfig.forValues()));
    }
}
