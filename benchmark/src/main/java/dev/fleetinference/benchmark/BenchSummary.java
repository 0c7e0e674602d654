package dev.fleetinference.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * What the rounds add up to: each variant's medians, the ratios the issue asks for, and whether each target is met.
 *
 * @param variants  each variant's medians over the recorded rounds, in the order run
 * @param predictor the model alone: median rows/s per batch size
 * @param ratios    named ratios and differences, each the median of the rounds' own (see {@link #of})
 * @param targets   the targets, where the variants they need were run
 */
record BenchSummary(List<VariantFigures> variants, Map<Integer, Double> predictor, Map<String, Double> ratios,
                    List<Target> targets) {

    static final String BATCHED_OVER_PASS_THROUGH = "batched / pass-through throughput";
    static final String BATCHED_OVER_PER_EVENT = "batched / per-event throughput";
    static final String P99_OVER_PASS_THROUGH = "batched p99 - pass-through p99 (ms)";
    static final String BUFFER_OVER_PASS_THROUGH = "batched-constant / pass-through throughput";
    static final String PER_EVENT_OVER_PASS_THROUGH = "per-event / pass-through throughput";
    static final String SECURED_OVER_OPEN = "batched / batched-insecure throughput";

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
        // every ratio is taken within each round, then the median of the rounds' ratios: the variants of one round
        // ran minutes apart at most, so drift that moves all of them spares their ratio
        Map<String, Double> ratios = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        ratio(rounds, Variant.BATCHED, Variant.PASS_THROUGH).ifPresent(ratio -> {
            ratios.put(BATCHED_OVER_PASS_THROUGH, ratio);
            targets.add(new Target(BATCHED_OVER_PASS_THROUGH, ratio, ">= 0.9", ratio >= 0.9));
        });
        ratio(rounds, Variant.BATCHED, Variant.PER_EVENT).ifPresent(ratio -> {
            ratios.put(BATCHED_OVER_PER_EVENT, ratio);
            targets.add(new Target(BATCHED_OVER_PER_EVENT, ratio, ">= 2.5", ratio >= 2.5));
        });
        List<Double> p99s = perRound(rounds, Variant.BATCHED, Variant.PASS_THROUGH,
                (batched, passThrough) -> batched.latency().p99Ms() - passThrough.latency().p99Ms());
        if (!p99s.isEmpty()) {
            double difference = Stats.median(p99s);
            ratios.put(P99_OVER_PASS_THROUGH, difference);
            targets.add(new Target(P99_OVER_PASS_THROUGH, difference, "<= 25", difference <= 25));
        }
        ratio(rounds, Variant.BATCHED_CONSTANT, Variant.PASS_THROUGH)
                .ifPresent(ratio -> ratios.put(BUFFER_OVER_PASS_THROUGH, ratio));
        ratio(rounds, Variant.PER_EVENT, Variant.PASS_THROUGH)
                .ifPresent(ratio -> ratios.put(PER_EVENT_OVER_PASS_THROUGH, ratio));
        ratio(rounds, Variant.BATCHED, Variant.BATCHED_INSECURE).ifPresent(ratio -> {
            ratios.put(SECURED_OVER_OPEN, ratio);
            targets.add(new Target(SECURED_OVER_OPEN, ratio, ">= 0.8", ratio >= 0.8));
        });
        return new BenchSummary(List.copyOf(variants), models, ratios, List.copyOf(targets));
    }

    /** The median over the recorded rounds of {@code numerator}'s throughput over {@code denominator}'s. */
    static Optional<Double> ratio(List<RoundResult> rounds, Variant numerator, Variant denominator) {
        List<Double> each = perRound(rounds, numerator, denominator, (n, d) -> Stats.ratio(
                n.throughput().eventsPerSecond(), d.throughput().eventsPerSecond()));
        return each.isEmpty() ? Optional.empty() : Optional.of(Stats.median(each));
    }

    /** {@code figure} of the two variants in each recorded round that ran both, in round order. */
    static List<Double> perRound(List<RoundResult> rounds, Variant first, Variant second,
                                 BiFunction<RoundResult, RoundResult, Double> figure) {
        Map<Integer, Map<String, RoundResult>> byRound = rounds.stream().filter(r -> r.round() > 0)
                .collect(Collectors.groupingBy(RoundResult::round, TreeMap::new, Collectors.toMap(
                        RoundResult::variant, r -> r, (a, b) -> b)));
        return byRound.values().stream()
                .filter(r -> r.containsKey(first.label()) && r.containsKey(second.label()))
                .map(r -> figure.apply(r.get(first.label()), r.get(second.label()))).toList();
    }

    /** Whether every target that could be checked is met (true when none could). */
    boolean targetsMet() {
        return targets.stream().allMatch(Target::met);
    }
}
