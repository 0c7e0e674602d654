package dev.fleetinference.streamapp.pipeline;

import dev.fleetinference.streamapp.validation.DeadLetterReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.Configurable;

/**
 * A named step of the scoring topology and the dead letters it leaves by a Kafka Streams exception handler rather
 * than by an edge of the topology: {@code handler} writes the step's failed event to the dead-letter topic as it
 * arrived, in the same transaction as the pipeline's output, with one of {@code deadLetters} as its reason. A
 * failure of the cluster rather than of the event fails the task instead, at every step; a step with no dead letters
 * only does that.
 *
 * @param name        the processor's name in the topology
 * @param handler     the exception handler that decides what the step's failures mean
 * @param deadLetters the reasons of the dead letters the step leaves
 */
public record TopologyStep(String name, Class<? extends Configurable> handler, Set<DeadLetterReason> deadLetters) {

    public TopologyStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        EnumSet<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
        reasons.addAll(deadLetters);
        deadLetters = Collections.unmodifiableSet(reasons);
    }

    /** The step {@code name}, whose failed events {@code handler} dead-letters for {@code reasons}. */
    public static TopologyStep of(String name, Class<? extends Configurable> handler, DeadLetterReason... reasons) {
        return new TopologyStep(name, handler, Set.of(reasons));
    }
}
