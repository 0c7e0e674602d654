package dev.fleetinference.simulator.fleet;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Prints a simulation's progress as one line: rewritten in place with {@code \r} on a terminal, else a new line
 * each time (give such a run a progress interval of a few seconds).
 */
public final class ProgressLine implements Consumer<SimulationProgress> {

    private final PrintStream out;
    private final boolean inPlace;
    private int lastLength;

    public ProgressLine(PrintStream out, boolean inPlace) {
        this.out = Objects.requireNonNull(out, "out");
        this.inPlace = inPlace;
    }

    /** On standard output, in place when it is a terminal. */
    public static ProgressLine onStandardOutput() {
        return new ProgressLine(System.out, System.console() != null);
    }

    /** Whether the line is rewritten in place. */
    public boolean inPlace() {
        return inPlace;
    }

    @Override
    public synchronized void accept(SimulationProgress progress) {
        String line = format(progress);
        if (inPlace) {
            // pad over the tail of a longer previous line
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            if (progress.phase() == SimulationProgress.Phase.DONE) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String format(SimulationProgress progress) {
        String p99 = progress.roundTrip().count() == 0 ? "-" : millis(progress.roundTrip().p99());
        return String.format(Locale.ROOT, "%7.1f s  %-8s  sent %,d  received %,d  in flight %,d  p99 %s",
                progress.elapsed().toMillis() / 1000.0, progress.phase().name().toLowerCase(Locale.ROOT),
                progress.sent(), progress.received(), progress.inFlight(), p99);
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }
}
