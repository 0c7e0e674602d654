package dev.fleetinference.benchmark;

import java.util.List;
import java.util.Optional;

/**
 * What one chaos scenario found: its figures (none if it was skipped or its output could not be read), each fault's
 * recovery, the longest a partition went without a commit, the verdict, and the notes that say why.
 *
 * @param number       1 to 7
 * @param name         a few words for the table
 * @param title        what it does
 * @param figures      what came out
 * @param recoveries   each fault, in order, and how long until every partition committed again
 * @param longestStall the longest a partition of the events topic went without a commit while the load ran, ms
 * @param verdict      passed, failed or skipped
 * @param failures     what failed, one line each; empty unless the verdict is FAIL
 * @param notes        what happened, one line each, in order
 */
record ScenarioResult(int number, String name, String title, Optional<Figures> figures, List<Recovery> recoveries,
                      Optional<Long> longestStall, Verdict verdict, List<String> failures, List<String> notes) {

    /** Passed, failed, or skipped (with the reason in the notes). */
    enum Verdict { PASS, FAIL, SKIPPED }

    /**
     * @param events      good events sent (each must get exactly one prediction)
     * @param predictions predictions read back read_committed, duplicates included
     * @param missing     events with no prediction (less those a scenario excuses, such as predictions deleted with
     *                    their topic)
     * @param duplicated  predictions beyond the first for an event
     * @param deadLetters records in the dead-letter topic
     */
    record Figures(long events, long predictions, long missing, long duplicated, long deadLetters) {
    }

    /** A fault, and the time from it until every partition with events left committed again (empty: never). */
    record Recovery(String fault, Optional<Long> millis) {
    }

    ScenarioResult {
        recoveries = List.copyOf(recoveries);
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
    }

    /** A scenario this stack cannot run, and why. */
    static ScenarioResult skipped(Scenario scenario, String reason) {
        Scenario.About about = scenario.about();
        return new ScenarioResult(about.number(), about.name(), about.title(), Optional.empty(), List.of(),
                Optional.empty(), Verdict.SKIPPED, List.of(), List.of("skipped: " + reason));
    }

    /** Whether an event went missing or got two predictions. */
    boolean lostOrDoubled() {
        return figures.map(f -> f.missing() > 0 || f.duplicated() > 0).orElse(false);
    }
}
