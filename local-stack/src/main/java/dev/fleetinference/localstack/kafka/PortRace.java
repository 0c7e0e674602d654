package dev.fleetinference.localstack.kafka;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts again on other ports when a port found free was taken by another process before the child bound it. */
final class PortRace {

    private static final Logger log = LoggerFactory.getLogger(PortRace.class);
    private static final int ATTEMPTS = 3;

    private PortRace() {
    }

    /** Runs {@code start}, again (up to three times in all) if it lost a race for a port it picked itself. */
    static <T> T retry(boolean portsPicked, String what, Supplier<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (BrokerStartException e) {
                if (!portsPicked || attempt == ATTEMPTS || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                log.warn("a port picked for {} was taken before it started; retrying on other ports", what);
            }
        }
    }
}
