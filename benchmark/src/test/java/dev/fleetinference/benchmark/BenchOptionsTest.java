package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {

    @Test
    void defaultsAreAFullRun() {
        BenchOptions options = BenchOptions.parse(List.of(), Map.of());

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.events()).isEqualTo(300_000);
        assertThat(options.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.devices()).isEqualTo(100);
        assertThat(options.partitions()).isEqualTo(4);
        assertThat(options.rate()).isEqualTo(5_000);
        assertThat(options.latencyDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.batches().size()).isEqualTo(256);
        assertThat(options.batches().maxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(options.commitInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.warmUpRound()).isTrue();
        assertThat(options.variants()).containsExactly(Variant.PASS_THROUGH, Variant.PER_EVENT, Variant.BATCHED,
                Variant.BATCHED_CONSTANT, Variant.BATCHED_INSECURE);
        assertThat(options.insecure()).isFalse();
        assertThat(options.kafka()).isEmpty();
        assertThat(options.out().toString()).contains("target/bench/");
        assertThat(options.crashEvents()).isEqualTo(100_000);
        assertThat(options.crashKills()).isEqualTo(5);
        assertThat(options.crashRun()).isTrue();
    }

    @Test
    void quickChangesOnlyTheDefaults() {
        BenchOptions quick = BenchOptions.parse(List.of("--quick"), Map.of());
        BenchOptions quickWithEvents = BenchOptions.parse(List.of("--quick", "--events", "5000"), Map.of());

        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(quick.events()).isEqualTo(20_000);
        assertThat(quick.window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(quick.latencyDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(quick.warmUpRound()).isFalse();
        assertThat(quick.crashEvents()).isEqualTo(20_000);
        assertThat(quick.crashKills()).isEqualTo(2);
        assertThat(quickWithEvents.events()).isEqualTo(5_000);
    }

    @Test
    void crashRunIsSizedByItsFlagsAndSkippedWithNoKills() {
        BenchOptions sized = BenchOptions.parse(List.of("--crash-events", "30000", "--crash-kills", "3"), Map.of());
        BenchOptions skipped = BenchOptions.parse(List.of("--quick", "--crash-kills", "0"), Map.of());

        assertThat(sized.crashEvents()).isEqualTo(30_000);
        assertThat(sized.crashKills()).isEqualTo(3);
        assertThat(skipped.crashRun()).isFalse();
    }

    @Test
    void crashRunSettingsComeFromTheEnvironmentAndTheConfigFile(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("bench.properties"), "bench.crash-kills=2\n");

        BenchOptions options = BenchOptions.parse(List.of("--config", config.toString()),
                Map.of("FLEET_BENCH_CRASH_EVENTS", "8000"));

        assertThat(options.crashEvents()).isEqualTo(8_000);
        assertThat(options.crashKills()).isEqualTo(2);
    }

    @Test
    void crashRunNeedsEventsBetweenItsKills() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--crash-events", "5000", "--crash-kills", "5"),
                Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--crash-events (FLEET_BENCH_CRASH_EVENTS, bench.crash-events)")
                .hasMessageContaining("at least 6000 for 5 kills").hasMessageContaining("--crash-kills");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--crash-kills", "-1"), Map.of()))
                .hasMessageContaining("--crash-kills (FLEET_BENCH_CRASH_KILLS, bench.crash-kills)");
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
    void eachVariantRunsOnceAtTheCommitIntervalOrOncePerIntervalOfASweep() {
        BenchOptions plain = BenchOptions.parse(List.of("--variants", "batched,pass-through", "--commit-interval",
                "50ms"), Map.of());
        BenchOptions sweep = BenchOptions.parse(List.of("--variants", "batched,pass-through", "--commit-intervals",
                "20ms,100ms"), Map.of());

        assertThat(plain.runs()).containsExactly(new VariantRun(Variant.BATCHED, Duration.ofMillis(50), "batched"),
                new VariantRun(Variant.PASS_THROUGH, Duration.ofMillis(50), "pass-through"));
        assertThat(sweep.runs()).extracting(VariantRun::label).containsExactly("batched@20ms", "batched@100ms",
                "pass-through@20ms", "pass-through@100ms");
        assertThat(sweep.runs()).extracting(VariantRun::commitInterval).containsExactly(Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(100));
        assertThat(sweep.commitInterval()).as("the crash run's").isEqualTo(Duration.ofMillis(50));
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--commit-intervals", "20ms,20ms"), Map.of()))
                .hasMessageContaining("--commit-intervals").hasMessageContaining("twice");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--commit-intervals", "0ms,20ms"), Map.of()))
                .hasMessageContaining("--commit-intervals").hasMessageContaining("above zero");
    }

    @Test
    void insecureRunsOpenAndLeavesOutTheVariantThatComparesWithOpen() {
        BenchOptions open = BenchOptions.parse(List.of("--insecure"), Map.of());

        assertThat(open.insecure()).isTrue();
        assertThat(open.variants()).containsExactly(Variant.PASS_THROUGH, Variant.PER_EVENT, Variant.BATCHED,
                Variant.BATCHED_CONSTANT);
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--insecure", "--variants", "batched,batched-insecure"),
                Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--variants")
                .hasMessageContaining("batched-insecure").hasMessageContaining("--insecure");
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
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--window", "50ms"), Map.of()))
                .hasMessageContaining("--window").hasMessageContaining("at least 100 ms");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--latency-duration", "0s"), Map.of()))
                .hasMessageContaining("--latency-duration");
    }

    @Test
    void helpNeedsNothingElse() {
        assertThat(BenchOptions.parse(List.of("--help"), Map.of()).help()).isTrue();
    }

    @Test
    void helpDescribesTheCrashRunsOptions() {
        assertThat(BenchOptions.USAGE).contains("--crash-events N", "FLEET_BENCH_CRASH_EVENTS", "bench.crash-events",
                "--crash-kills N", "FLEET_BENCH_CRASH_KILLS", "bench.crash-kills", "0 kills skips the crash run");
    }
}
