package dev.fleetinference.localstack;

import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;

/** The embedded cluster's size as a setting ({@code --brokers}, {@code FLEET_BROKERS}, {@code kafka.brokers}). */
public final class BrokerCount {

    private BrokerCount() {
    }

    /** The setting, defaulting to {@code fallback} brokers. */
    public static Setting setting(int fallback) {
        return Setting.of("--brokers", "FLEET_BROKERS", "kafka.brokers").withDefault(Integer.toString(fallback))
                .described("N", "how many Kafka brokers to run: 1, or 3 for a real cluster (replication factor 3 "
                        + "and min.insync.replicas 2 on every topic; each broker can fail alone)");
    }

    /** The count {@code settings} give for {@code setting}; IllegalArgumentException naming it unless 1 or 3. */
    public static int of(Settings settings, Setting setting) {
        String text = settings.required(setting).strip();
        // two brokers are two controller voters, which lose their quorum when either fails: no safer than one
        if (!text.equals("1") && !text.equals("3")) {
            throw new IllegalArgumentException(setting.describe() + " must be 1 or 3, got '" + text + "'");
        }
        return Integer.parseInt(text);
    }
}
