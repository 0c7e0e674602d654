package dev.fleetinference.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The CPU time a broker's JVM has used so far, read from {@code /proc/<pid>/stat}: the broker runs in a child JVM, so
 * its request handlers' JMX figures are not in this one, and the process's CPU is the cheap figure that holds the
 * authorizer's work. Empty where there is no {@code /proc} (not Linux).
 */
final class BrokerCpu {

    // USER_HZ: the unit of utime and stime, 100 on every Linux build of note (sysconf(_SC_CLK_TCK))
    private static final double TICKS_PER_SECOND = 100;

    private final Path stat;

    BrokerCpu(long pid) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
    }

    /** User and system CPU seconds used so far, if they can be read. */
    OptionalDouble seconds() {
        try {
            String line = Files.readString(stat);
            // the command name, field 2, is in parentheses and may hold spaces: the fields that count follow its ')'
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the line, so 12 and 13 after the state (field 3)
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return OptionalDouble.of(ticks / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
