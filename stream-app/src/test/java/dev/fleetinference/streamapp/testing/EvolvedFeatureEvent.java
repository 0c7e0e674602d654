package dev.fleetinference.streamapp.testing;

import dev.fleetinference.schemas.FeatureEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * FeatureEvents as newer device firmware writes them: with one more optional field, so a later version of the
 * events' schema (BACKWARD compatible), whose id an app that started earlier has not seen yet.
 */
public final class EvolvedFeatureEvent {

    /** {@link FeatureEvent}'s schema and an optional {@code channel} at the end. */
    public static final Schema SCHEMA = evolved();

    private EvolvedFeatureEvent() {
    }

    /** {@code event} in the evolved schema, its channel set. */
    public static GenericRecord of(FeatureEvent event, String channel) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        // the generic writer knows no logical types: the uuid and the timestamp go as their underlying values
        record.put("deviceId", event.getDeviceId());
        record.put("eventId", event.getEventId().toString());
        record.put("eventTime", event.getEventTime().toEpochMilli());
        record.put("features", event.getFeatures());
        record.put("attributes", event.getAttributes());
        record.put("channel", channel);
        return record;
    }

    private static Schema evolved() {
        Schema current = FeatureEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field("channel", optionalString, "the firmware's release channel",
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
