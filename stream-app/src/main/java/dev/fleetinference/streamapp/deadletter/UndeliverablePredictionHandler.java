package dev.fleetinference.streamapp.deadletter;

import dev.fleetinference.streamapp.routing.TopicProvisioner;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failed write means: a passing failure is retried; any other fails the task, so the event is
 * processed again from the last commit rather than dropped. There is no dead letter here on purpose: under
 * exactly-once a failed send aborts the whole transaction, so a dead letter written with it would be aborted too, and
 * by the time a send fails Kafka Streams no longer holds the event's original bytes. Predictions are small records
 * the pipeline builds itself, so a broker refusing one for good is a cluster problem (ACLs, a record size limit), not
 * bad input; that includes a dead letter the broker refuses, which must not be dead-lettered again.
 *
 * <p>A write whose topic is unknown, or that timed out, may have met a topic deleted while the app runs (under
 * at-least-once the producer fails such a record after its delivery timeout; under exactly-once it holds it until
 * {@code GoneTopicWatch} has the topic created again): the provisioner forgets the topic, so that the retry, which
 * processes the event again from the last commit, creates it anew.
 */
public final class UndeliverablePredictionHandler implements ProductionExceptionHandler {

    /** The key under which the handler finds the {@link TopicProvisioner} among Kafka Streams' configs. */
    public static final String PROVISIONER_CONFIG_KEY = "fleet.topic.provisioner";

    private static final Logger log = LoggerFactory.getLogger(UndeliverablePredictionHandler.class);

    private TopicProvisioner provisioner;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(PROVISIONER_CONFIG_KEY);
        if (!(value instanceof TopicProvisioner found)) {
            throw new ConfigException(getClass().getSimpleName() + " needs a " + TopicProvisioner.class.getName()
                    + " under the config key '" + PROVISIONER_CONFIG_KEY + "', found " + value);
        }
        provisioner = found;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof UnknownTopicOrPartitionException || exception instanceof TimeoutException) {
            log.warn("the write to {} (from {}-{}@{}) failed: {}; if the topic is gone it is created again when the "
                    + "event is retried", record.topic(), context.topic(), context.partition(), context.offset(),
                    exception.toString());
            provisioner.forget(record.topic());
        }
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
