package dev.fleetinference.demo;

import dev.fleetinference.simulator.fleet.ProgressLine;
import dev.fleetinference.simulator.fleet.SimulationProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A fleet run's progress line, labelled with the run it is (the warm-up's, say), with the lines the demo adds while
 * the fleet runs (the model swap, the poison records) printed above it rather than through it. On a terminal the
 * line is rewritten in place every second; elsewhere (a CI log) a line is printed every few seconds.
 */
final class DemoConsole implements Consumer<SimulationProgress> {

    static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private boolean lineOpen;
    private boolean closed;
    private int lastLength;
    private SimulationProgress.Phase lastPhase;
    private Duration lastPrinted = Duration.ZERO;

    /** A console whose progress line has no label. */
    DemoConsole(PrintStream out, boolean terminal) {
        this(out, terminal, "");
    }

    /** A console whose progress line starts with {@code label}, e.g. {@code warm-up}. */
    DemoConsole(PrintStream out, boolean terminal, String label) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.label = Objects.requireNonNull(label, "label");
    }

    @Override
    public synchronized void accept(SimulationProgress progress) {
        if (closed) {
            return;
        }
        if (!terminal && progress.phase() == lastPhase
                && progress.elapsed().minus(lastPrinted).compareTo(LOG_INTERVAL) < 0) {
            return;
        }
        lastPhase = progress.phase();
        lastPrinted = progress.elapsed();
        String line = label.isEmpty() ? format(progress) : label + " " + format(progress);
        if (terminal) {
            // pad over the tail of a longer previous line
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            lineOpen = progress.phase() != SimulationProgress.Phase.DONE;
            if (!lineOpen) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints {@code line} on a line of its own; the progress line goes on below it. */
    synchronized void announce(String line) {
        if (closed) {
            return;
        }
        endLine();
        out.println(line);
        out.flush();
    }

    /** Ends the progress line and prints nothing more: the run is being stopped, and says so itself. */
    synchronized void close() {
        endLine();
        out.flush();
        closed = true;
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
            lastLength = 0;
        }
    }

    // the simulator's own progress line, which it hands out only by printing it: a log-mode line is that and a newline
    private static String format(SimulationProgress progress) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        new ProgressLine(new PrintStream(line, true, StandardCharsets.UTF_8), false).accept(progress);
        return line.toString(StandardCharsets.UTF_8).stripTrailing();
    }
}
