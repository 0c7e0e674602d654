package dev.fleetinference.streamapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream thread's waits, each a share of the transaction timeout the config gives. */
class StreamThreadBudgetTest {

    @Test
    void withoutATransactionTimeoutGivenTheAppSharesOutItsOwnSevenSeconds() {
        StreamThreadBudget budget = StreamThreadBudget.of(Map.of());

        assertThat(budget.transactionTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(budget.provisioning()).isEqualTo(Duration.ofMillis(2333));
        assertThat(budget.goneTopicCheck()).isEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void aTransactionTimeoutPassedToKafkaIsTheOneSharedTheProducersOwnFirst() {
        assertThat(StreamThreadBudget.of(Map.of("transaction.timeout.ms", "30000")).provisioning())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(StreamThreadBudget.of(Map.of("transaction.timeout.ms", "30000",
                "producer.transaction.timeout.ms", "6000")).provisioning()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theConfigFilesTransactionTimeoutIsTheOneShared(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("stream-app.properties"), "kafka.transaction.timeout.ms=15000\n");

        StreamAppConfig config = StreamAppOptions.parse(List.of("--config", file.toString(), "--instance-id", "i"),
                Map.of()).orElseThrow();

        assertThat(config.budget().provisioning()).isEqualTo(Duration.ofSeconds(5));
    }
}
