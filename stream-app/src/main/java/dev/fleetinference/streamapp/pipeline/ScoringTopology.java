package dev.fleetinference.streamapp.pipeline;

import static dev.fleetinference.streamapp.validation.DeadLetterReason.DEVICE_ID_TOO_LONG;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.ILLEGAL_DEVICE_ID;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.KEY_MISMATCH;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.MISSING_DEVICE_ID;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.MISSING_FEATURE;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.NON_FINITE_FEATURE;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.REVOKED_DEVICE;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.SCORING_FAILED;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.UNAUTHENTICATED;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.UNDECODABLE;
import static dev.fleetinference.streamapp.validation.DeadLetterReason.UNKNOWN_DEVICE;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.admission.AdmissionProcessor;
import dev.fleetinference.streamapp.admission.DeviceAdmission;
import dev.fleetinference.streamapp.admission.ReceivedEvent;
import dev.fleetinference.streamapp.admission.ReceivedEventDeserializer;
import dev.fleetinference.streamapp.batching.BatchScoringProcessor;
import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.batching.ScoringOutcome;
import dev.fleetinference.streamapp.deadletter.UndecodableEventHandler;
import dev.fleetinference.streamapp.deadletter.UndeliverablePredictionHandler;
import dev.fleetinference.streamapp.deadletter.UnscorableEventHandler;
import dev.fleetinference.streamapp.routing.DeviceTopicRouter;
import dev.fleetinference.streamapp.routing.TopicProvisioner;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The scoring pipeline as a Kafka Streams topology, step by step as in ARCHITECTURE.md's data flow; docs/topology.md
 * draws it with every edge.
 *
 * <p>Events that cannot be used leave by the exception handlers, not by a branch, because only those see the bytes
 * as they arrived. Each step below names the handler that decides for it and the reasons of its dead letters, and
 * {@code DeadLetterHandlers} installs those handlers with the topology.
 *
 * @param topics      the topics read and written
 * @param events      serde of the incoming FeatureEvents
 * @param predictions serde of the outgoing Predictions
 * @param admission   refuses events that cannot be routed or do not come from a registered device
 * @param scorer      scores with the current production model
 * @param provisioner creates a device's predictions topic before its first prediction
 * @param batching    whether events are scored one by one ({@code scorer}) or in batches ({@code batchScorer})
 * @param batchScorer makes the batch scorer of each task
 */
public record ScoringTopology(PipelineTopics topics, Serde<FeatureEvent> events, Serde<Prediction> predictions,
                              DeviceAdmission admission, Scorer scorer, TopicProvisioner provisioner,
                              BatchSettings batching,
                              ProcessorSupplier<String, FeatureEvent, String, ScoringOutcome> batchScorer) {

    /** Reads the events; bytes that are no FeatureEvent are dead letters. */
    public static final TopologyStep READ = TopologyStep.of("device-events", UndecodableEventHandler.class,
            UNDECODABLE);
    /**
     * Refuses events that cannot be routed (a record without a value is undecodable too), then those that do not
     * come from a registered, active device signed with its key.
     */
    public static final TopologyStep VALIDATE = TopologyStep.of("validate", UnscorableEventHandler.class,
            UNDECODABLE, MISSING_DEVICE_ID, ILLEGAL_DEVICE_ID, DEVICE_ID_TOO_LONG, KEY_MISMATCH, UNKNOWN_DEVICE,
            REVOKED_DEVICE, UNAUTHENTICATED);
    /** Scores one event; no model to score with fails the task. */
    public static final TopologyStep SCORE = TopologyStep.of("score", UnscorableEventHandler.class,
            MISSING_FEATURE, NON_FINITE_FEATURE, SCORING_FAILED);
    /**
     * Buffers and scores a batch; an event that does not fit the model is refused on arrival. Events refused while
     * their batch is scored (restored events the model now in production refuses, devices whose topic the cluster
     * refuses) leave by an edge instead: see {@link #scoreInBatches}. A failure of the batch's model call or of the
     * cluster fails the task, so the batch is read again from the last commit.
     */
    public static final TopologyStep SCORE_BATCH = TopologyStep.of("score-batch", UnscorableEventHandler.class,
            MISSING_FEATURE, NON_FINITE_FEATURE, SCORING_FAILED);
    /** Creates the device's topic; a name the cluster refuses is the event's fault, any other failure the cluster's. */
    public static final TopologyStep PROVISION = TopologyStep.of("provision-device-topic",
            UnscorableEventHandler.class, ILLEGAL_DEVICE_ID);
    /**
     * Writes the prediction to its device's topic. No dead letters: under exactly-once a refused write aborts the
     * transaction, and a dead letter with it, so the task fails and the event is processed again.
     */
    public static final TopologyStep WRITE = TopologyStep.of("predictions", UndeliverablePredictionHandler.class);

    /** Every step, in the order an event meets them, whichever way it is scored. */
    public static final List<TopologyStep> STEPS = List.of(READ, VALIDATE, SCORE, SCORE_BATCH, PROVISION, WRITE);

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, FeatureEvent> valid = builder
                .stream(topics.events(), Consumed.with(Serdes.String(), received()).withName(READ.name()))
                .processValues(() -> new AdmissionProcessor(admission), Named.as(VALIDATE.name()));
        KStream<String, Prediction> scored = batching.batching()
                ? scoreInBatches(builder, valid)
                : valid.mapValues(scorer::score, Named.as(SCORE.name()));
        scored.peek((deviceId, prediction) -> provisioner.ensureExists(deviceTopic(prediction)),
                        Named.as(PROVISION.name()))
                .to(new DeviceTopicRouter(topics.predictions()),
                        Produced.with(Serdes.String(), predictions).withName(WRITE.name()));
        return builder.build();
    }

    /**
     * The batch scorer, then its outcomes split: predictions go on, and events refused while their batch is scored
     * (restored events that a newer model refuses, devices whose topic the cluster refuses) go to the dead-letter
     * topic, re-encoded (a restored event's original bytes are gone), with the reason headers the batch scorer set.
     * This is the one dead-letter path that is an edge of the topology.
     */
    private KStream<String, Prediction> scoreInBatches(StreamsBuilder builder, KStream<String, FeatureEvent> valid) {
        builder.addStateStore(BatchScoringProcessor.storeBuilder(events));
        Map<String, KStream<String, ScoringOutcome>> outcomes = valid
                .process(batchScorer, Named.as(SCORE_BATCH.name()), BatchScoringProcessor.STORE)
                .split(Named.as("outcome-"))
                .branch((deviceId, outcome) -> outcome instanceof ScoringOutcome.Rejected,
                        Branched.withConsumer(rejected -> rejected
                                .mapValues(ScoringOutcome::rejectedEvent, Named.as("rejected-event"))
                                .to(topics.deadLetters(),
                                        Produced.with(Serdes.String(), events).withName("restored-dead-letters")),
                                "rejected"))
                .defaultBranch(Branched.as("scored"));
        return outcomes.get("outcome-scored").mapValues(ScoringOutcome::prediction, Named.as("prediction"));
    }

    // read only: events are never written in this form
    private Serde<ReceivedEvent> received() {
        return Serdes.serdeFrom((topic, event) -> {
            throw new UnsupportedOperationException("a received event is never written");
        }, new ReceivedEventDeserializer(events.deserializer()));
    }

    private String deviceTopic(Prediction prediction) {
        return topics.predictions().topicFor(prediction.getDeviceId());
    }
}
