package dev.fleetinference.streamapp.deadletter;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failed write means: a passing failure is retried; any other fails the task, so the event is
 * processed again from the last commit rather than dropped. There is no dead letter here on purpose: under
 * exactly-once a failed send aborts the whole transaction, so a dead letter written with it would be aborted too, and
 * by the time a send fails Kafka Streams no longer holds the event's original bytes. Predictions are small records
 * the pipeline builds itself, so a broker refusing one for good is a cluster problem (ACLs, a deleted topic, a
 * record size limit), not bad input; that includes a dead letter the broker refuses, which must not be dead-lettered
 * again.
 */
public final class UndeliverablePredictionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UndeliverablePredictionHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        log.error("the broker refused the record for {} (from {}-{}@{}): {}; failing the task so that the event is "
                + "processed again", record.topic(), context.topic(), context.partition(), context.offset(),
                exception.toString());
        return Response.fail();
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
