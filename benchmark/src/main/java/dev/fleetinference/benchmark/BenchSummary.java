package dev.fleetinference.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the rounds add up to: each variant's medians, the ratios the issue asks for, and whether each target is met.
 *
 * @param variants  each variant's medians over the recorded rounds, in the order run
 * @param predictor the model alone: median rows/s per batch size
 * @param ratios    named ratios and differences (see {@link #of})
 * @param targets   the targets, where the variants they need were run
 */
record BenchSummary(List<VariantFigures> variants, Map<Integer, Double> predictor, Map<String, Double> ratios,
                    List<Target> targets) {

    static final String BATCHED_OVER_PASS_THROUGH = "batched / pass-through throughput";
    static final String BATCHED_OVER_PER_EVENT = "batched / per-event throughput";
    static final String P99_OVER_PASS_THROUGH = "batched p99 - pass-through p99 (ms)";
    static final String BUFFER_OVER_PASS_THROUGH = "batched-constant / pass-through throughput";
    static final String PER_EVENT_OVER_PASS_THROUGH = "per-event / pass-through throughput";
    static final String SECURED_OVER_OPEN = "batched / batched-insecure throughput (median of rounds)";

    /**
     * A variant's medians over its recorded rounds.
     *
     * @param variant       the label
     * @param description   how it runs (batch size, scoring)
     * @param rounds        recorded rounds
     * @param throughput    median events/s
     * @param throughputMin slowest round
     * @param throughputMax fastest round
     * @param p50Ms         median of the rounds' p50
     * @param p99Ms         median of the rounds' p99
     */
    record VariantFigures(String variant, String description, int rounds, double throughput, double throughputMin,
                          double throughputMax, double p50Ms, double p99Ms) {
    }

    /**
     * One of the targets.
     *
     * @param name  what is compared
     * @param value the measured value
     * @param rule  the target, e.g. {@code >= 0.9}
     * @param met   whether the value meets it
     */
    record Target(String name, double value, String rule, boolean met) {
    }

    /** The summary of the recorded rounds (round 1 on) and of the model's timings. */
    static BenchSummary of(List<RoundResult> rounds, List<PredictorResult> predictor,
                           Map<String, String> descriptions) {
        Map<String, List<RoundResult>> byVariant = rounds.stream().filter(r -> r.round() > 0)
                .collect(Collectors.groupingBy(RoundResult::variant, LinkedHashMap::new, Collectors.toList()));
        List<VariantFigures> variants = new ArrayList<>();
        byVariant.forEach((variant, results) -> {
            List<Double> throughput = results.stream().map(r -> r.throughput().eventsPerSecond()).toList();
            variants.add(new VariantFigures(variant, descriptions.getOrDefault(variant, ""), results.size(),
                    Stats.median(throughput), Stats.min(throughput), Stats.max(throughput),
                    Stats.median(results.stream().map(r -> r.latency().p50Ms()).toList()),
                    Stats.median(results.stream().map(r -> r.latency().p99Ms()).toList())));
        });
        Map<Integer, Double> models = predictor.stream().collect(Collectors.groupingBy(PredictorResult::batchSize,
                LinkedHashMap::new, Collectors.collectingAndThen(Collectors.toList(),
                        list -> Stats.median(list.stream().map(PredictorResult::rowsPerSecond).toList()))));
        Map<String, Double> ratios = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        Optional<VariantFigures> batched = find(variants, Variant.BATCHED);
        Optional<VariantFigures> passThrough = find(variants, Variant.PASS_THROUGH);
        Optional<VariantFigures> perEvent = find(variants, Variant.PER_EVENT);
        Optional<VariantFigures> buffer = find(variants, Variant.BATCHED_CONSTANT);
        if (batched.isPresent() && passThrough.isPresent()) {
            double ratio = Stats.ratio(batched.get().throughput(), passThrough.get().throughput());
            ratios.put(BATCHED_OVER_PASS_THROUGH, ratio);
            targets.add(new Target(BATCHED_OVER_PASS_THROUGH, ratio, ">= 0.9", ratio >= 0.9));
        }
        if (batched.isPresent() && perEvent.isPresent()) {
            double ratio = Stats.ratio(batched.get().throughput(), perEvent.get().throughput());
            ratios.put(BATCHED_OVER_PER_EVENT, ratio);
            targets.add(new Target(BATCHED_OVER_PER_EVENT, ratio, ">= 2.5", ratio >= 2.5));
        }
        if (batched.isPresent() && passThrough.isPresent()) {
            double difference = batched.get().p99Ms() - passThrough.get().p99Ms();
            ratios.put(P99_OVER_PASS_THROUGH, difference);
            targets.add(new Target(P99_OVER_PASS_THROUGH, difference, "<= 25", difference <= 25));
        }
        if (buffer.isPresent() && passThrough.isPresent()) {
            ratios.put(BUFFER_OVER_PASS_THROUGH, Stats.ratio(buffer.get().throughput(),
                    passThrough.get().throughput()));
        }
        if (perEvent.isPresent() && passThrough.isPresent()) {
            ratios.put(PER_EVENT_OVER_PASS_THROUGH, Stats.ratio(perEvent.get().throughput(),
                    passThrough.get().throughput()));
        }
        if (batched.isPresent() && find(variants, Variant.BATCHED_INSECURE).isPresent()) {
            // each round's two runs are minutes apart at most: the ratio within a round is the one drift spares
            double ratio = Stats.median(roundRatios(rounds, Variant.BATCHED, Variant.BATCHED_INSECURE));
            ratios.put(SECURED_OVER_OPEN, ratio);
            targets.add(new Target(SECURED_OVER_OPEN, ratio, ">= 0.8", ratio >= 0.8));
        }
        return new BenchSummary(List.copyOf(variants), models, ratios, List.copyOf(targets));
    }

    /** {@code numerator}'s throughput over {@code denominator}'s in each recorded round that ran both. */
    static List<Double> roundRatios(List<RoundResult> rounds, Variant numerator, Variant denominator) {
        Map<Integer, Map<String, Double>> byRound = rounds.stream().filter(r -> r.round() > 0)
                .collect(Collectors.groupingBy(RoundResult::round, Collectors.toMap(RoundResult::variant,
                        r -> r.throughput().eventsPerSecond(), (a, b) -> b)));
        return byRound.values().stream()
                .filter(r -> r.containsKey(numerator.label()) && r.containsKey(denominator.label()))
                .map(r -> Stats.ratio(r.get(numerator.label()), r.get(denominator.label()))).toList();
    }

    /** Whether every target that could be checked is met (true when none could). */
    boolean targetsMet() {
        return targets.stream().allMatch(Target::met);
    }

    private static Optional<VariantFigures> find(List<VariantFigures> variants, Variant variant) {
        return variants.stream().filter(v -> v.variant().equals(variant.label())).findFirst();
    }
}
