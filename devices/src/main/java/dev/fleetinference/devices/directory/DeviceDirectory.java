package dev.fleetinference.devices.directory;

import dev.fleetinference.devices.Device;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's devices as the pipeline sees them: the latest record of each, and how current that view is. A
 * {@link DeviceFollower} fills it from the registry's topic; the pipeline asks it on every event.
 *
 * <p>The view lags the registry by a fetch. A device registered a moment before its first event, or whose key was
 * rotated a moment before its next one, would be refused against a view older than the event; so {@link #lookUp}
 * refuses only against a view at least as new as the event: the first time it would refuse, it waits for the
 * follower's next catch-up that began after the event was written.
 */
public final class DeviceDirectory {

    private static final Logger log = LoggerFactory.getLogger(DeviceDirectory.class);

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration maxWait;
    private final Object caughtUp = new Object();
    // the wall-clock time (ms) up to which every registry record is in the view; -1 before the first catch-up
    private volatile long currentAsOf = -1;

    /**
     * @param maxWait the longest {@link #lookUp} waits for a view as new as an event: it runs on the stream thread
     */
    public DeviceDirectory(Clock clock, Duration maxWait) {
        this.clock = clock;
        this.maxWait = maxWait;
    }

    /** Takes the latest record of a device. */
    public void accept(Device device) {
        devices.put(device.id(), device);
    }

    /** Says that every record written before {@code epochMillis} is in the view. */
    public void currentAsOf(long epochMillis) {
        synchronized (caughtUp) {
            if (epochMillis > currentAsOf) {
                currentAsOf = epochMillis;
                caughtUp.notifyAll();
            }
        }
    }

    /** Whether the view has caught up with the registry's topic at least once. */
    public boolean isReady() {
        return currentAsOf >= 0;
    }

    /** The device's latest record in the view as it is, if it has one. */
    public Optional<Device> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    /**
     * The device whose event was written at {@code writtenAt} (epoch ms), if {@code accepted} accepts its record: as
     * the view is, or else as it is once it holds every record written before the event (waiting up to the
     * configured time). Empty if it does not, or the view could not catch up in time.
     */
    public Optional<Device> lookUp(String deviceId, long writtenAt, Predicate<Device> accepted)
            throws InterruptedException {
        Optional<Device> found = find(deviceId).filter(accepted);
        if (found.isPresent()) {
            return found;
        }
        // a forged timestamp in the future must not hold the thread: now is as new as any event can be
        long needed = Math.min(writtenAt, clock.millis());
        if (currentAsOf >= needed) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (caughtUp) {
            while (currentAsOf < needed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("the device registry's view is not current as of {} ms after {}: deciding on device '{}'"
                            + " with it as it is", maxWait.toMillis(), writtenAt, deviceId);
                    break;
                }
                caughtUp.wait(Math.max(1, left / 1_000_000));
            }
        }
        return find(deviceId).filter(accepted);
    }

    /** How many devices the view holds, revoked ones included. */
    public int size() {
        return devices.size();
    }
}
