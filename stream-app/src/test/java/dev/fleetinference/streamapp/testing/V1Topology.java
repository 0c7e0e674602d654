package dev.fleetinference.streamapp.testing;

import dev.fleetinference.localstack.testing.TestStack;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.registry.SchemaRegistryClientConfig;
import dev.fleetinference.schemas.serde.AvroSerde;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.model.SwappableModel;
import dev.fleetinference.streamapp.model.TestModels;
import dev.fleetinference.streamapp.pipeline.PipelineSerdes;
import dev.fleetinference.streamapp.scoring.Probe;
import dev.fleetinference.streamapp.scoring.TensorFlowRuntime;
import dev.fleetinference.streamapp.scoring.TensorFlowSettings;

/**
 * What the topology tests score with: the committed v1 model loaded, its probe rows, and the pipeline's Avro serdes
 * against the stack's schema registry. Close it to close the model.
 */
public record V1Topology(ModelSpec spec, Probe probe, SwappableModel model, AvroSerde<FeatureEvent> events,
                         AvroSerde<Prediction> predictions) implements AutoCloseable {

    /** Loads v1 (TensorFlow with the default settings) and makes the serdes for {@code stack}'s registry. */
    public static V1Topology open(TestStack stack) {
        TensorFlowRuntime.configure(TensorFlowSettings.defaults());
        ModelSpec spec = CommittedModels.spec("anomaly", 1, CommittedModels.V1);
        PipelineSerdes serdes = PipelineSerdes.of(
                new SchemaRegistryClient(SchemaRegistryClientConfig.of(stack.schemaRegistryUrl())));
        return new V1Topology(spec, Probe.read(CommittedModels.V1), TestModels.swappable(spec, CommittedModels.V1),
                serdes.events(), serdes.predictions());
    }

    @Override
    public void close() {
        model.close();
    }
}
