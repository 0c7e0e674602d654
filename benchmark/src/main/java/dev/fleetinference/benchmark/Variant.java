package dev.fleetinference.benchmark;

import dev.fleetinference.streamapp.batching.BatchSettings;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One way of running the stream app, measured against the others on the same events and the same kind of topics.
 */
enum Variant {

    /** Per-event topology with the model call replaced by a constant: what the pipeline itself can do here. */
    PASS_THROUGH("pass-through", false, ScoringMode.CONSTANT, false),
    /** One model call per event. */
    PER_EVENT("per-event", false, ScoringMode.MODEL, false),
    /** Micro-batched scoring: events buffered in the changelogged store, one model call per batch. */
    BATCHED("batched", true, ScoringMode.MODEL, false),
    /** The batched topology with a constant in place of the model: what the buffer itself costs. */
    BATCHED_CONSTANT("batched-constant", true, ScoringMode.CONSTANT, false),
    /** Batched scoring on a second, open stack of the same run: what security costs. */
    BATCHED_INSECURE("batched-insecure", true, ScoringMode.MODEL, true);

    private final String label;
    private final boolean batched;
    private final ScoringMode scoring;
    private final boolean insecure;

    Variant(String label, boolean batched, ScoringMode scoring, boolean insecure) {
        this.label = label;
        this.batched = batched;
        this.scoring = scoring;
        this.insecure = insecure;
    }

    /** Whether it runs on the run's open stack (plaintext, no SASL, no ACLs) rather than on its main one. */
    boolean insecure() {
        return insecure;
    }

    /** The name in tables, JSON and the {@code --variants} option. */
    String label() {
        return label;
    }

    ScoringMode scoring() {
        return scoring;
    }

    /** Size 1 for the per-event variants (no buffer), {@code batches} for the batched ones. */
    BatchSettings batching(BatchSettings batches) {
        return batched ? batches : new BatchSettings(1, batches.maxWait());
    }

    /** How the variant runs, for the table's legend. */
    String describe(BatchSettings batches) {
        BatchSettings batching = batching(batches);
        return String.format(Locale.ROOT, "batch size %d%s, scoring %s%s", batching.size(),
                batching.batching() ? ", max wait " + batching.maxWait().toMillis() + " ms" : "",
                scoring.name().toLowerCase(Locale.ROOT), insecure ? ", open stack" : "");
    }

    static Variant byLabel(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown variant '" + label + "'; the variants are "
                        + Arrays.stream(values()).map(Variant::label).collect(Collectors.joining(", "))));
    }
}
