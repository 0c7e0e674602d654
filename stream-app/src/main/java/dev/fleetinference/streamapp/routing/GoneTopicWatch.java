package dev.fleetinference.streamapp.routing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks, every period and off the stream thread, for predictions topics deleted while the app writes to them, and
 * has the provisioner create them again ({@link AdminTopicProvisioner#recreateGone()}).
 */
public final class GoneTopicWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GoneTopicWatch.class);

    private final ScheduledExecutorService scheduler;

    private GoneTopicWatch(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts looking every {@code period}; {@link #close()} stops it. */
    public static GoneTopicWatch start(AdminTopicProvisioner provisioner, Duration period) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gone-topic-watch");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                provisioner.recreateGone();
            } catch (RuntimeException e) {
                // the same topics are looked at again next period; a failure must not end the schedule
                log.warn("could not look for deleted predictions topics: {}", e.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return new GoneTopicWatch(scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
