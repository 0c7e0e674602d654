package dev.fleetinference.streamapp.deadletter;

import dev.fleetinference.streamapp.routing.TopicProvisioner;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Installs the pipeline's three exception handlers, the dead letters they write and the provisioner told of topics
 * that writes find gone, in Kafka Streams' settings: the handlers that {@code ScoringTopology}'s steps name for
 * their dead-letter paths.
 */
public final class DeadLetterHandlers {

    private DeadLetterHandlers() {
    }

    public static void install(Properties props, DeadLetters deadLetters, TopicProvisioner provisioner) {
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UndecodableEventHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, UnscorableEventHandler.class);
        // there is no global store; this only opts in to what Kafka 5.0 makes the default
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UndeliverablePredictionHandler.class);
        // Kafka Streams 4.4 takes no handler instance: StreamsConfig and TopologyConfig make each handler from its
        // class (a CLASS setting takes a class or its name, nothing else) and configure it with the app's settings.
        // So the settings are the one way to the handlers for the dead letters' topic and counter, and the provisioner
        props.put(DeadLetters.CONFIG_KEY, deadLetters);
        props.put(UndeliverablePredictionHandler.PROVISIONER_CONFIG_KEY, provisioner);
    }
}
