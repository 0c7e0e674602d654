package dev.fleetinference.benchmark;

import dev.fleetinference.localstack.streamapp.CommittedPredictions;
import java.util.Optional;

/**
 * One of the chaos run's scripted faults: what it does to the pipeline while the steady load runs, and what it checks
 * beyond every scenario's checks (each event exactly one prediction, read_committed).
 */
interface Scenario {

    /** What a scenario's end found: the predictions and the dead letters. */
    record Outcome(CommittedPredictions predictions, DeadLetterLog deadLetters) {
    }

    /**
     * Which scenario it is.
     *
     * @param number 1 to 7
     * @param name   a few words for the table
     * @param title  one line: what it does
     */
    record About(int number, String name, String title) {
    }

    About about();

    /** Why it cannot run on this stack, if it cannot. */
    default Optional<String> skipped(ChaosContext context) {
        return Optional.empty();
    }

    /** The faults, made on {@code run} while its load runs; the run settles before and after. */
    void inject(ScenarioRun run) throws InterruptedException;

    /** Checks of its own on what came out; failures and notes go to {@code run}. */
    default void check(ScenarioRun run, Outcome outcome) {
    }
}
