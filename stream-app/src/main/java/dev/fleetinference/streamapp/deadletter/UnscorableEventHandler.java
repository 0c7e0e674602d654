package dev.fleetinference.streamapp.deadletter;

import dev.fleetinference.streamapp.deadletter.DeadLetters.SourcePosition;
import dev.fleetinference.streamapp.pipeline.ModelUnavailableException;
import dev.fleetinference.streamapp.routing.TopicProvisioningException;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failure while validating, scoring or routing an event means. Bad input ({@link
 * InvalidEventException}) and unexpected scoring failures send the original event to the dead-letter topic and the
 * pipeline goes on. A failure of the surroundings rather than of the event (a topic that cannot be created, no model
 * to score with while the app shuts down) fails the task instead: the event is processed again from the last commit,
 * so nothing is lost.
 */
public final class UnscorableEventHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(UnscorableEventHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs, getClass());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof TopicProvisioningException || exception instanceof ModelUnavailableException) {
            log.error("{}-{}@{}: {}; failing the task so that the event is retried", context.topic(),
                    context.partition(), context.offset(), exception.getMessage());
            return Response.fail();
        }
        if (context.topic() == null) {
            // a punctuation (the batch scorer's timed flush) failed: there is no event whose bytes could be filed
            log.error("a scheduled step failed: {}; failing the task so that its events are read again",
                    exception.getMessage(), exception);
            return Response.fail();
        }
        DeadLetterReason reason;
        boolean unexpected = !(exception instanceof InvalidEventException);
        if (unexpected) {
            reason = DeadLetterReason.SCORING_FAILED;
            log.error("dead letter ({}): {}-{}@{} at step {}", reason.code(), context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), exception);
        } else {
            reason = ((InvalidEventException) exception).reason();
            log.warn("dead letter ({}): {}-{}@{}: {}", reason.code(), context.topic(), context.partition(),
                    context.offset(), exception.getMessage());
        }
        SourcePosition source = new SourcePosition(context.topic(), context.partition(), context.offset());
        return Response.resume(List.of(deadLetters.record(reason, context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), source, exception, unexpected)));
    }
}
