package dev.fleetinference.streamapp.deadletter;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Installs the pipeline's three exception handlers, and the dead letters they write, in Kafka Streams' settings. */
public final class DeadLetterHandlers {

    private DeadLetterHandlers() {
    }

    public static void install(Properties props, DeadLetters deadLetters) {
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UndecodableEventHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, UnscorableEventHandler.class);
        // there is no global store; this only opts in to what Kafka 5.0 makes the default
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UndeliverablePredictionHandler.class);
        // the handlers are made by Kafka Streams from their class names; they find their dead letters here
        props.put(DeadLetters.CONFIG_KEY, deadLetters);
    }
}
