package dev.fleetinference.devices.directory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the device registry's topic on a thread of its own and keeps a {@link DeviceDirectory} current: after each
 * read that reached the end offset asked for at time t, every record written before t is in the view.
 */
public final class DeviceFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceFollower.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DeviceLog reader;
    private final DeviceDirectory directory;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;

    private DeviceFollower(DeviceLog reader, DeviceDirectory directory, Clock clock, String topic) {
        this.reader = reader;
        this.directory = directory;
        this.clock = clock;
        this.thread = new Thread(() -> follow(topic), "device-directory");
        thread.setDaemon(true);
    }

    /** Starts following {@code topic} into {@code directory}. */
    public static DeviceFollower start(String bootstrapServers, String topic, Map<String, ?> clientSettings,
                                       DeviceDirectory directory, Clock clock) {
        DeviceFollower follower = new DeviceFollower(new DeviceLog(bootstrapServers, topic, clientSettings),
                directory, clock, topic);
        follower.thread.start();
        return follower;
    }

    private void follow(String topic) {
        boolean failing = false;
        while (running) {
            try {
                long askedAt = clock.millis();
                long end = reader.endOffset(REQUEST_TIMEOUT);
                while (running && reader.position(REQUEST_TIMEOUT) < end) {
                    reader.poll(POLL, directory::accept);
                }
                directory.currentAsOf(askedAt);
                if (failing) {
                    log.info("reading the device registry's topic '{}' again ({} devices)", topic, directory.size());
                    failing = false;
                }
                // wait for new records, then ask for the end offset again
                reader.poll(POLL, directory::accept);
            } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("cannot read the device registry's topic '{}': {}; retrying every {} s", topic,
                            e.getMessage(), RETRY.toSeconds());
                    failing = true;
                }
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
