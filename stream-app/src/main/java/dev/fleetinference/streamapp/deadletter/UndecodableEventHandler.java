package dev.fleetinference.streamapp.deadletter;

import dev.fleetinference.schemas.registry.SchemaRegistryException;
import dev.fleetinference.streamapp.deadletter.DeadLetters.SourcePosition;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends records whose key or value cannot be decoded to the dead-letter topic, as they were, and goes on. */
public final class UndecodableEventHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UndecodableEventHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs, getClass());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (SchemaRegistryException.isUnavailableCause(exception)) {
            // the bytes may be fine: the schema registry could not say. Failing the task retries the event later
            // instead of filing a good event as undecodable
            log.error("{}-{}@{} cannot be decoded while the schema registry is unavailable: {}; failing the task so "
                    + "that it is retried", record.topic(), record.partition(), record.offset(), exception.getMessage());
            return Response.fail();
        }
        log.warn("dead letter ({}): {}-{}@{} cannot be decoded: {}", DeadLetterReason.UNDECODABLE.code(),
                record.topic(), record.partition(), record.offset(), exception.getMessage());
        SourcePosition source = new SourcePosition(record.topic(), record.partition(), record.offset());
        return Response.resume(List.of(deadLetters.record(DeadLetterReason.UNDECODABLE, record.key(), record.value(),
                record.headers(), source, exception, false)));
    }
}
