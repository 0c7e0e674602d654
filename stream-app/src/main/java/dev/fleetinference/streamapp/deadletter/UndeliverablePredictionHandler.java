package dev.fleetinference.streamapp.deadletter;

import dev.fleetinference.streamapp.deadletter.DeadLetters.SourcePosition;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failed write of a prediction means. A write the broker refuses for good (e.g. a record too large)
 * sends the original event to the dead-letter topic and the pipeline goes on; a passing failure is retried. A
 * prediction that cannot be serialized (the schema registry is unreachable) fails the task, so the event is retried
 * from the last commit rather than dropped.
 */
public final class UndeliverablePredictionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UndeliverablePredictionHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs, getClass());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        DeadLetterReason reason = DeadLetterReason.UNDELIVERABLE;
        log.error("dead letter ({}): the prediction for {}-{}@{} cannot be written to {}: {}", reason.code(),
                context.topic(), context.partition(), context.offset(), record.topic(), exception.toString());
        SourcePosition source = new SourcePosition(context.topic(), context.partition(), context.offset());
        return Response.resume(List.of(deadLetters.record(reason, context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), source, exception, true)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        log.error("the prediction for {}-{}@{} cannot be serialized ({}); failing the task so that it is retried",
                context.topic(), context.partition(), context.offset(), exception.toString());
        return Response.fail();
    }
}
