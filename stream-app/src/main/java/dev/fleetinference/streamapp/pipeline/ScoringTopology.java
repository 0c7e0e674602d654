package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.batching.BatchScoringProcessor;
import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.batching.ScoringOutcome;
import dev.fleetinference.streamapp.routing.DeviceTopicRouter;
import dev.fleetinference.streamapp.routing.TopicProvisioner;
import dev.fleetinference.streamapp.validation.EventValidator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import java.util.function.Supplier;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The scoring pipeline as a Kafka Streams topology, step by step as in ARCHITECTURE.md's data flow.
 *
 * <p>Events that cannot be used leave by the exception handlers, not by a branch, because only those see the bytes
 * as they arrived: undecodable records at the source (see {@code UndecodableEventHandler}), events that fail
 * validation or scoring ({@code UnscorableEventHandler}), predictions the broker refuses
 * ({@code UndeliverablePredictionHandler}). Each goes to the dead-letter topic with its reason.
 *
 * @param topics      the topics read and written
 * @param events      serde of the incoming FeatureEvents
 * @param predictions serde of the outgoing Predictions
 * @param validator   refuses events that cannot be routed
 * @param scorer      scores with the current production model
 * @param provisioner creates a device's predictions topic before its first prediction
 * @param batching    whether events are scored one by one ({@code scorer}) or in batches ({@code batchScorer})
 * @param batchScorer makes the batch scorer of each task
 */
public record ScoringTopology(PipelineTopics topics, Serde<FeatureEvent> events, Serde<Prediction> predictions,
                              EventValidator validator, Scorer scorer, TopicProvisioner provisioner,
                              BatchSettings batching, Supplier<BatchScoringProcessor> batchScorer) {

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, FeatureEvent> valid = builder
                .stream(topics.events(), Consumed.with(Serdes.String(), events).withName("device-events"))
                .mapValues(validator::validated, Named.as("validate"));
        KStream<String, Prediction> scored = batching.batching()
                ? scoreInBatches(builder, valid)
                : valid.mapValues(scorer::score, Named.as("score"));
        scored.peek((deviceId, prediction) -> provisioner.ensureExists(deviceTopic(prediction)),
                        Named.as("provision-device-topic"))
                .to(new DeviceTopicRouter(topics.predictions()),
                        Produced.with(Serdes.String(), predictions).withName("predictions"));
        return builder.build();
    }

    private KStream<String, Prediction> scoreInBatches(StreamsBuilder builder, KStream<String, FeatureEvent> valid) {
        builder.addStateStore(BatchScoringProcessor.storeBuilder(events));
        KStream<String, ScoringOutcome> outcomes =
                valid.process(batchScorer::get, Named.as("score-batch"), BatchScoringProcessor.STORE);
        outcomes.filter((deviceId, outcome) -> outcome instanceof ScoringOutcome.Rejected, Named.as("rejected"))
                .mapValues(outcome -> ((ScoringOutcome.Rejected) outcome).event(), Named.as("rejected-event"))
                .to(topics.deadLetters(), Produced.with(Serdes.String(), events).withName("restored-dead-letters"));
        return outcomes.filter((deviceId, outcome) -> outcome instanceof ScoringOutcome.Scored, Named.as("scored"))
                .mapValues(outcome -> ((ScoringOutcome.Scored) outcome).prediction(), Named.as("prediction"));
    }

    private String deviceTopic(Prediction prediction) {
        return topics.predictions().topicFor(prediction.getDeviceId());
    }
}
