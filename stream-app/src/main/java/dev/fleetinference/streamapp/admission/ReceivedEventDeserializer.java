package dev.fleetinference.streamapp.admission;

import dev.fleetinference.devices.signing.EventSignature;
import dev.fleetinference.schemas.FeatureEvent;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes an event with {@code events} and keeps its bytes and signature for the admission step: the signature is
 * over the bytes as sent, which only the read sees. Bytes that do not decode fail here, as before: undecodable.
 * {@code events} gets the record's headers, where a device on Confluent 8's header mode names its schema.
 */
public final class ReceivedEventDeserializer implements Deserializer<ReceivedEvent> {

    private final Deserializer<FeatureEvent> events;

    public ReceivedEventDeserializer(Deserializer<FeatureEvent> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        events.configure(configs, isKey);
    }

    @Override
    public ReceivedEvent deserialize(String topic, byte[] data) {
        return deserialize(topic, new RecordHeaders(), data);
    }

    @Override
    public ReceivedEvent deserialize(String topic, Headers headers, byte[] data) {
        FeatureEvent event = events.deserialize(topic, headers, data);
        if (event == null) {
            // a tombstone: the admission step refuses it with its reason
            return null;
        }
        Header signature = headers.lastHeader(EventSignature.HEADER);
        return new ReceivedEvent(event, data, signature == null ? null : signature.value());
    }

    @Override
    public void close() {
        events.close();
    }
}
