package dev.fleetinference.streamapp.admission;

import dev.fleetinference.schemas.FeatureEvent;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** The admission step in the topology: a processor, since admission needs the record's timestamp. */
public final class AdmissionProcessor implements FixedKeyProcessor<String, ReceivedEvent, FeatureEvent> {

    private final DeviceAdmission admission;
    private FixedKeyProcessorContext<String, FeatureEvent> context;

    public AdmissionProcessor(DeviceAdmission admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    @Override
    public void init(FixedKeyProcessorContext<String, FeatureEvent> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, ReceivedEvent> record) {
        context.forward(record.withValue(admission.admitted(record.key(), record.value(), record.timestamp())));
    }
}
