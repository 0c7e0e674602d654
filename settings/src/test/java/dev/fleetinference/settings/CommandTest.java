package dev.fleetinference.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command line as picocli parses it: help, typo suggestions, subcommands, and the docs' table. */
class CommandTest {

    static final Setting PORT = Setting.of("--kafka-port", "FLEET_KAFKA_PORT", "kafka.port").withDefault("9092")
            .described("N", "the broker's client port; 0 picks a free port");
    static final Setting HOST = Setting.of("--instance-id", "FLEET_INSTANCE_ID", "instance.id")
            .described("ID", "unique per instance").showingDefault("the host name");
    static final Setting OUT = Setting.flagOnly("--out").described("DIR", "where the model goes");

    static final Command STACK = Command.named("local-stack")
            .description("Starts the embedded stack.")
            .settings(List.of(PORT, HOST))
            .switches(Switch.of("--smoke", "send events through and stop"))
            .footer("Logs go to <data-dir>/kafka/broker.log.")
            .build();

    @Test
    void theHelpNamesEveryFlagWithItsVariableKeyAndDefault() {
        String usage = STACK.usage();

        assertThat(usage).startsWith("Usage: local-stack [OPTIONS]")
                .contains("Starts the embedded stack.")
                .contains("--kafka-port=N").contains("the broker's client port; 0 picks a free port")
                .contains("[FLEET_KAFKA_PORT, key kafka.port]").contains("default: 9092")
                .contains("[FLEET_INSTANCE_ID, key instance.id]").contains("default: the host name")
                .contains("--config=FILE").contains("FLEET_CONFIG")
                .contains("--smoke").contains("-h, --help")
                .endsWith("Logs go to <data-dir>/kafka/broker.log.\n");
    }

    @Test
    void aTypoIsAnsweredWithTheOptionMeant() {
        assertThatThrownBy(() -> STACK.parse(List.of("--kafak-port", "1"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option '--kafak-port' (did you mean --kafka-port? see --help)");
        assertThatThrownBy(() -> STACK.parse(List.of("stray"), Map.of()))
                .hasMessage("unexpected argument 'stray' (see --help)");
    }

    @Test
    void valuesMayFollowAfterASpaceOrAnEqualsSignAndSwitchesAreSeenByEveryName() {
        Settings settings = STACK.parse(List.of("--kafka-port=1234", "--instance-id", "-7", "-h"), Map.of());

        assertThat(settings.port(PORT)).isEqualTo(1234);
        assertThat(settings.value(HOST)).isEqualTo(Optional.of("-7"));
        assertThat(settings.has("-h")).isTrue();
        assertThat(settings.has("--help")).isTrue();
        assertThat(settings.has("--smoke")).isFalse();
    }

    @Test
    void aFlagOnlySettingIgnoresTheEnvironmentAndIsNamedByItsFlag() {
        Command train = Command.named("train").settings(List.of(OUT)).build();

        assertThat(train.parse(List.of(), Map.of("", "x", "FLEET_OUT", "y")).value(OUT)).isEmpty();
        assertThat(OUT.describe()).isEqualTo("--out");
        assertThat(train.usage()).doesNotContain("--config");
    }

    @Test
    void subcommandsAreSelectedAndListedWithTheirSummaries() {
        Command train = Command.named("train").description("Trains the model.\nMore text.")
                .settings(List.of(OUT)).build();
        Command register = Command.named("register").description("Registers a model.")
                .parameters("DIR", "the model directory").build();
        Command trainer = Command.named("trainer").description("Trains and registers.")
                .subcommands(train, register).build();

        Command.Selection selection = trainer.select(List.of("register", "models/v1"), Map.of());
        assertThat(selection.command()).isSameAs(register);
        assertThat(selection.settings().parameters()).containsExactly("models/v1");
        assertThat(trainer.select(List.of("train", "--out", "m"), Map.of()).settings().value(OUT))
                .isEqualTo(Optional.of("m"));
        assertThat(trainer.select(List.of("--help"), Map.of()).command()).isSameAs(trainer);
        assertThat(trainer.usage()).contains("train").contains("Trains the model.").contains("Registers a model.")
                .doesNotContain("More text.");
        assertThatThrownBy(() -> trainer.select(List.of("trian"), Map.of()))
                .hasMessageContaining("unknown command 'trian'").hasMessageContaining("did you mean train");
    }

    @Test
    void aSelectedSubcommandsHelpAndRefusalsNameItsGroup() {
        Command train = Command.named("train").description("Trains the model.").settings(List.of(OUT)).build();
        Command trainer = Command.named("trainer").subcommands(train).build();

        assertThat(trainer.select(List.of("train", "--help"), Map.of()).usage())
                .startsWith("Usage: trainer train [OPTIONS]\n\nTrains the model.\n");
        assertThatThrownBy(() -> trainer.select(List.of("train", "--oot", "m"), Map.of()))
                .isInstanceOfSatisfying(Command.Refused.class, e -> assertThat(e.command()).isEqualTo("trainer train"));
        assertThatThrownBy(() -> trainer.select(List.of("fit"), Map.of()))
                .isInstanceOfSatisfying(Command.Refused.class, e -> assertThat(e.command()).isEqualTo("trainer"));
    }

    @Test
    void aSynopsisAsWrittenReplacesTheGeneratedOne() {
        Command register = Command.named("register").synopsis("trainer register --name NAME DIR")
                .parameters("DIR", "the model directory").build();

        assertThat(register.usage()).startsWith("Usage: trainer register --name NAME DIR\n");
    }

    @Test
    void aCommandWithoutFileKeysReadsNoConfigFileEvenWhenTheEnvironmentNamesOne() {
        Setting url = new Setting("--registry", "FLEET_MODEL_REGISTRY_URL", Optional.empty(), Optional.empty());
        Command register = Command.named("register").settings(List.of(url)).build();

        Settings settings = register.parse(List.of(), Map.of("FLEET_CONFIG", "/no/such/file.properties",
                "FLEET_MODEL_REGISTRY_URL", "http://registry"));

        assertThat(settings.value(url)).isEqualTo(Optional.of("http://registry"));
        assertThat(register.usage()).contains("[FLEET_MODEL_REGISTRY_URL]").doesNotContain("--config");
    }

    @Test
    void theDocsTableListsEachSettingOnce() {
        assertThat(STACK.referenceTable()).isEqualTo("""
                | flag | environment | file key | default | meaning |
                | --- | --- | --- | --- | --- |
                | `--kafka-port N` | `FLEET_KAFKA_PORT` | `kafka.port` | `9092` | the broker's client port; 0 picks a free port |
                | `--instance-id ID` | `FLEET_INSTANCE_ID` | `instance.id` | the host name | unique per instance |
                | `--config FILE` | `FLEET_CONFIG` |  | none | a properties file with the keys above |
                | `--smoke` | | | | send events through and stop |
                """);
    }
}
