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

class ChaosOptionsTest {

    @Test
    void defaultsAreTheFullRunOfEveryScenario() {
        ChaosOptions options = ChaosOptions.parse(List.of(), Map.of());

        assertThat(options.scenarios()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(options.rate()).isEqualTo(1_000);
        assertThat(options.devices()).isEqualTo(50);
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.brokers()).isEqualTo(3);
        assertThat(options.groupProtocol()).isEqualTo("classic");
        assertThat(options.settle()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.outage()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.kills()).isEqualTo(3);
        assertThat(options.poison()).isEqualTo(10_000);
        assertThat(options.out().toString()).contains("target/chaos/");
        assertThat(options.modelDirs()).extracting(path -> path.getFileName().toString())
                .containsExactly("anomaly-v1", "anomaly-v2");
    }

    @Test
    void quickChangesOnlyTheDefaults() {
        ChaosOptions quick = ChaosOptions.parse(List.of("--quick"), Map.of());
        ChaosOptions quickWithKills = ChaosOptions.parse(List.of("--quick", "--kills", "2"), Map.of());

        assertThat(quick.settle()).isEqualTo(Duration.ofSeconds(3));
        assertThat(quick.outage()).isEqualTo(Duration.ofSeconds(10));
        assertThat(quick.kills()).isEqualTo(1);
        assertThat(quick.poison()).isEqualTo(1_000);
        assertThat(quickWithKills.kills()).isEqualTo(2);
    }

    @Test
    void scenariosAreAListOfNumbersRunInOrderOnce() {
        assertThat(ChaosOptions.parse(List.of("--scenario", "7"), Map.of()).scenarios()).containsExactly(7);
        assertThat(ChaosOptions.parse(List.of("--scenario", "7, 1,7"), Map.of()).scenarios()).containsExactly(1, 7);
        assertThat(ChaosOptions.parse(List.of(), Map.of("FLEET_CHAOS_SCENARIO", "4,5")).scenarios())
                .containsExactly(4, 5);
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--scenario", "8"), Map.of()))
                .hasMessageContaining("--scenario (FLEET_CHAOS_SCENARIO, chaos.scenario)")
                .hasMessageContaining("from 1 to 7");
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--scenario", "one"), Map.of()))
                .hasMessageContaining("got 'one'");
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--outage", "0s"), Map.of()))
                .hasMessageContaining("--outage").hasMessageContaining("above zero");
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--poison", "3"), Map.of()))
                .hasMessageContaining("--poison").hasMessageContaining("from 8");
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--partitions", "2"), Map.of()))
                .hasMessageContaining("--partitions").hasMessageContaining("from 3");
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--rate", "0"), Map.of()))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--brokers", "2"), Map.of()))
                .hasMessageContaining("--brokers (FLEET_BROKERS, kafka.brokers)").hasMessageContaining("1 or 3");
    }

    @Test
    void theStreamsRebalanceProtocolIsAChoice() {
        assertThat(ChaosOptions.parse(List.of("--group-protocol", "streams"), Map.of()).groupProtocol())
                .isEqualTo("streams");
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--group-protocol", "consumer"), Map.of()))
                .hasMessageContaining("--group-protocol (FLEET_CHAOS_GROUP_PROTOCOL, chaos.group-protocol)")
                .hasMessageContaining("[classic, streams]").hasMessageContaining("'consumer'");
    }

    @Test
    void theInstancesConfigFileMustBeThere(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("instance.properties"), "kafka.linger.ms=5\n");

        assertThat(ChaosOptions.parse(List.of("--instance-config", file.toString()), Map.of()).instanceConfig())
                .contains(file);
        assertThat(ChaosOptions.parse(List.of(), Map.of()).instanceConfig()).isEmpty();
        assertThatThrownBy(() -> ChaosOptions.parse(List.of("--instance-config", dir.resolve("none").toString()),
                Map.of())).hasMessageContaining("--instance-config").hasMessageContaining("no readable file");
    }

    @Test
    void oneBrokerIsTheQuickStack() {
        assertThat(ChaosOptions.parse(List.of("--brokers", "1"), Map.of()).brokers()).isEqualTo(1);
        assertThat(ChaosOptions.parse(List.of(), Map.of("FLEET_BROKERS", "1")).brokers()).isEqualTo(1);
    }

    @Test
    void helpExplainsEveryScenarioAndTheExitStatus() {
        ChaosOptions options = ChaosOptions.parse(List.of("--help"), Map.of());

        assertThat(options.help()).isTrue();
        assertThat(ChaosOptions.USAGE).contains("./fleet chaos", "SIGKILL one of the three instances",
                "a fourth instance added", "skipped with --brokers 1", "the schema registry down",
                "the model registry down", "predictions topic deleted", "poison", "--scenario=LIST", "--quick",
                "Exit status: 0");
    }
}
