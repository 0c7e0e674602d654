package dev.fleetinference.benchmark;

import java.time.Duration;
import java.util.Objects;

/**
 * A variant as a round runs it: with its commit interval, and the label its figures go by ({@code batched}, or
 * {@code batched@20ms} in a sweep of commit intervals).
 */
record VariantRun(Variant variant, Duration commitInterval, String label) {

    VariantRun {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(label, "label");
    }

    /** The variant at the run's one commit interval, labelled as the variant. */
    static VariantRun of(Variant variant, Duration commitInterval) {
        return new VariantRun(variant, commitInterval, variant.label());
    }

    /** The variant at one interval of a sweep, the interval in its label. */
    static VariantRun swept(Variant variant, Duration commitInterval) {
        return new VariantRun(variant, commitInterval, variant.label() + "@" + commitInterval.toMillis() + "ms");
    }
}
