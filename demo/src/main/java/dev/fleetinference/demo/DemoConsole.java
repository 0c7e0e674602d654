package dev.fleetinference.demo;

import dev.fleetinference.simulator.fleet.ProgressLine;
import dev.fleetinference.simulator.fleet.SimulationProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The fleet's progress line, with the lines the demo adds while the fleet runs (the model swap, the poison records)
 * printed above it rather than through it. On a terminal the line is rewritten in place every second; elsewhere (a
 * CI log) a line is printed every few seconds.
 */
final class DemoConsole implements Consumer<SimulationProgress> {

    static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

    private final PrintStream out;
    private final ProgressLine progressLine;
    private boolean lineOpen;
    private boolean closed;
    private SimulationProgress.Phase lastPhase;
    private Duration lastPrinted = Duration.ZERO;

    DemoConsole(PrintStream out, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.progressLine = new ProgressLine(out, terminal);
    }

    @Override
    public synchronized void accept(SimulationProgress progress) {
        if (closed) {
            return;
        }
        if (!progressLine.inPlace() && progress.phase() == lastPhase
                && progress.elapsed().minus(lastPrinted).compareTo(LOG_INTERVAL) < 0) {
            return;
        }
        lastPhase = progress.phase();
        lastPrinted = progress.elapsed();
        progressLine.accept(progress);
        lineOpen = progressLine.inPlace() && progress.phase() != SimulationProgress.Phase.DONE;
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
        }
    }
}
