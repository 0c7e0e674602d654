package dev.fleetinference.streamapp.ops;

import dev.fleetinference.streamapp.model.CurrentModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance is alive (its Kafka Streams client has not failed, nor has anything else for good) and ready
 * (a model is loaded and the client is RUNNING, so events are being scored). Kafka Streams is empty until the model is
 * loaded: the app does not consume before it can score.
 */
public final class PipelineHealth {

    private final String modelName;
    private final CurrentModel model;
    private final Supplier<Optional<KafkaStreams.State>> streams;
    private final Supplier<Optional<String>> failure;

    /** The health of an app that can fail for good only by its Kafka Streams client failing. */
    public PipelineHealth(String modelName, CurrentModel model, Supplier<Optional<KafkaStreams.State>> streams) {
        this(modelName, model, streams, Optional::empty);
    }

    /** {@code failure}: why the app has failed for good, if it has (the model manager stopped following, say). */
    public PipelineHealth(String modelName, CurrentModel model, Supplier<Optional<KafkaStreams.State>> streams,
                          Supplier<Optional<String>> failure) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.model = Objects.requireNonNull(model, "model");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** One check's verdict and what it looked at. */
    public record Status(boolean ok, Map<String, Object> details) {
    }

    /** Not alive once Kafka Streams has failed or stopped, or the app has failed otherwise: a restart is the cure. */
    public Status live() {
        Optional<KafkaStreams.State> state = streams.get();
        boolean failed = state.map(s -> s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING
                || s == KafkaStreams.State.PENDING_ERROR).orElse(false);
        return new Status(!failed && failure.get().isEmpty(), details(state));
    }

    /** Ready once a model is loaded and Kafka Streams is RUNNING. */
    public Status ready() {
        Optional<KafkaStreams.State> state = streams.get();
        boolean running = state.map(s -> s == KafkaStreams.State.RUNNING).orElse(false);
        return new Status(model.isReady() && running, details(state));
    }

    private Map<String, Object> details(Optional<KafkaStreams.State> state) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", model.current().map(spec -> (Object) Map.of("name", spec.name(), "version",
                spec.version(), "digest", spec.digest()))
                .orElse("waiting for a PRODUCTION version of '" + modelName + "'"));
        details.put("streams", state.map(Enum::name).orElse("NOT_STARTED (waits for the model)"));
        failure.get().ifPresent(reason -> details.put("failure", reason));
        return details;
    }
}
