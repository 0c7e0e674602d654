package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import dev.fleetinference.schemas.serde.AvroSerde;
import dev.fleetinference.schemas.serde.AvroSerdeConfig;
import dev.fleetinference.schemas.serde.SubjectNaming;

/**
 * The pipeline's Avro serdes.
 *
 * @param events      FeatureEvents, subjects named by topic
 * @param predictions Predictions, one subject for every device's topic (by record name) rather than a registration
 *                    per device
 */
public record PipelineSerdes(AvroSerde<FeatureEvent> events, AvroSerde<Prediction> predictions) {

    public static PipelineSerdes of(SchemaRegistryClient schemas) {
        return new PipelineSerdes(AvroSerde.specific(schemas, FeatureEvent.class, AvroSerdeConfig.forValues()),
                AvroSerde.specific(schemas, Prediction.class,
                        AvroSerdeConfig.forValues().withNaming(SubjectNaming.RECORD_NAME)));
    }
}
