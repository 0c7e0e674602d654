package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreAFullRun() {
        BenchOptions options = BenchOptions.parse(List.of(), Map.of());

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.events()).isEqualTo(300_000);
        assertThat(options.devices()).isEqualTo(100);
        assertThat(options.partitions()).isEqualTo(4);
        assertThat(options.rate()).isEqualTo(5_000);
        assertThat(options.latencyDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.batches().size()).isEqualTo(256);
        assertThat(options.batches().maxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(options.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.warmUpRound()).isTrue();
        assertThat(options.variants()).containsExactly(Variant.PASS_THROUGH, Variant.PER_EVENT, Variant.BATCHED,
                Variant.BATCHED_CONSTANT);
        assertThat(options.kafka()).isEmpty();
        assertThat(options.out().toString()).contains("target/bench/");
    }

    @Test
    void quickChangesOnlyTheDefaults() {
        BenchOptions quick = BenchOptions.parse(List.of("--quick"), Map.of());
        BenchOptions quickWithEvents = BenchOptions.parse(List.of("--quick", "--events", "5000"), Map.of());

        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(quick.events()).isEqualTo(20_000);
        assertThat(quick.latencyDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(quick.warmUpRound()).isFalse();
        assertThat(quickWithEvents.events()).isEqualTo(5_000);
    }

    @Test
    void kafkaSettingsComeFromTheFlagAsPairs() {
        BenchOptions options = BenchOptions.parse(List.of("--kafka",
                "producer.linger.ms=5, main.consumer.max.poll.records=2000"), Map.of());

        assertThat(options.kafka()).containsEntry("producer.linger.ms", "5")
                .containsEntry("main.consumer.max.poll.records", "2000").hasSize(2);
    }

    @Test
    void kafkaSettingsTheBenchmarkOwnsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--kafka", "commit.interval.ms=50"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--commit-interval");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--kafka", "linger"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KEY=VALUE");
    }

    @Test
    void variantsAreChosenByLabel() {
        BenchOptions options = BenchOptions.parse(List.of("--variants", "batched,pass-through"), Map.of());

        assertThat(options.variants()).containsExactly(Variant.BATCHED, Variant.PASS_THROUGH);
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--variants", "fast"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--variants")
                .hasMessageContaining("pass-through, per-event, batched, batched-constant");
    }

    @Test
    void environmentVariablesSetOptions() {
        BenchOptions options = BenchOptions.parse(List.of(), Map.of("FLEET_BENCH_ROUNDS", "5",
                "FLEET_BATCH_SIZE", "64"));

        assertThat(options.rounds()).isEqualTo(5);
        assertThat(options.batches().size()).isEqualTo(64);
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds", "0"), Map.of()))
                .hasMessageContaining("--rounds (FLEET_BENCH_ROUNDS, bench.rounds)");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--batch-size", "1"), Map.of()))
                .hasMessageContaining("--batch-size");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--latency-duration", "0s"), Map.of()))
                .hasMessageContaining("--latency-duration");
    }

    @Test
    void helpNeedsNothingElse() {
        assertThat(BenchOptions.parse(List.of("--help"), Map.of()).help()).isTrue();
    }
}
