package dev.fleetinference.simulator.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When the fleet stops sending: after a number of events, after a time, or at whichever of the two comes first.
 *
 * @param events   how many events the whole fleet sends at most
 * @param duration how long the fleet sends at most, counted from its first event
 */
public record SendLimit(OptionalLong events, Optional<Duration> duration) {

    public SendLimit {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(duration, "duration");
        if (events.isEmpty() && duration.isEmpty()) {
            throw new IllegalArgumentException("a send limit needs a number of events, a duration or both");
        }
        if (events.isPresent() && events.getAsLong() < 1) {
            throw new IllegalArgumentException("the number of events must be at least 1, was " + events.getAsLong());
        }
        if (duration.isPresent() && (duration.get().isNegative() || duration.get().isZero())) {
            throw new IllegalArgumentException("the sending duration must be positive, was " + duration.get());
        }
    }

    /** Exactly {@code count} events, however long they take at the rate. */
    public static SendLimit events(long count) {
        return new SendLimit(OptionalLong.of(count), Optional.empty());
    }

    /** As many events as the rate gives in {@code duration}. */
    public static SendLimit duration(Duration duration) {
        return new SendLimit(OptionalLong.empty(), Optional.of(Objects.requireNonNull(duration, "duration")));
    }

    /** For messages: "2000 events", "30 s", "2000 events or 30 s". */
    public String describe() {
        String count = events.isPresent() ? events.getAsLong() + " events" : "";
        String time = duration.map(d -> d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms")
                .orElse("");
        return count.isEmpty() ? time : time.isEmpty() ? count : count + " or " + time;
    }
}
