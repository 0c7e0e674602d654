package dev.fleetinference.benchmark;

import dev.fleetinference.settings.Setting;
import dev.fleetinference.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What the benchmark's commands (bench, chaos) read alike: the cache directory, an output directory by date and time,
 * whole numbers and durations whose default {@code --quick} chooses (so the setting has none of its own), and send
 * rates. A bad value fails naming the setting.
 */
final class SettingValues {

    static final Setting CACHE_DIR = Setting.of("--cache-dir", "FLEET_CACHE_DIR", "cache.dir")
            .described("DIR", "TensorFlow's natives and models").showingDefault("~/.cache/fleet-inference");
    private static final double MAX_RATE = 1_000_000;

    private SettingValues() {
    }

    /** {@link #CACHE_DIR}, absolute. */
    static Path cacheDir(Settings settings) {
        return settings.given(CACHE_DIR).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "fleet-inference"))
                .toAbsolutePath().normalize();
    }

    /** The output directory {@code out} gives, else {@code target/<command>/<date-time>}; absolute. */
    static Path outDir(Settings settings, Setting out, String command) {
        return settings.given(out).map(Path::of).orElseGet(() -> Path.of("target", command,
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
                .toAbsolutePath().normalize();
    }

    /** The setting's whole number from {@code min} to {@code max}, {@code fallback} if it is not given. */
    static int integer(Settings settings, Setting setting, String fallback, int min, int max) {
        String text = settings.given(setting).orElse(fallback);
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " must be a whole number from " + min + " to "
                    + max + ", got '" + text + "'");
        }
    }

    /** The setting's duration, {@code fallback} if it is not given; zero only if {@code zeroAllowed}. */
    static Duration duration(Settings settings, Setting setting, Duration fallback, boolean zeroAllowed) {
        Duration value = settings.given(setting).isPresent() ? settings.duration(setting) : fallback;
        if (value.isZero() && !zeroAllowed) {
            throw new IllegalArgumentException(setting.describe() + " must be above zero");
        }
        return value;
    }

    /** The setting's events per second, above 0 and at most a million. */
    static double rate(Settings settings, Setting setting) {
        String text = settings.required(setting);
        try {
            double value = Double.parseDouble(text);
            if (!(value > 0 && value <= MAX_RATE)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.describe() + " must be a number of events per second above 0 "
                    + "and at most 1000000, got '" + text + "'");
        }
    }
}
