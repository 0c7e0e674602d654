package dev.fleetinference.trainer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerMainTest {

    @TempDir
    Path workspace;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anInvalidOptionValueIsRejectedNamingTheOption() {
        int status = run("train", "--out", workspace.resolve("m").toString(), "--epochs", "zero");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("trainer train: --epochs must be a whole number, was 'zero'")
                .contains("trainer train --help");
        assertThat(out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsRejectedNamingIt() {
        int status = run("train", "--out", workspace.resolve("m").toString(), "--epoch", "3");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("unknown option '--epoch'");
    }

    @Test
    void anUnknownSubcommandIsRejectedWithTheList() {
        int status = run("fit");

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("unknown subcommand 'fit'").contains("train ");
    }

    @Test
    void noArgumentsPrintsUsageAsBadUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).startsWith("Usage: trainer SUBCOMMAND");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: trainer SUBCOMMAND").contains("  train ");
    }

    @Test
    void trainHelpDescribesEveryOption() {
        assertThat(run("train", "--help")).isZero();
        assertThat(out()).contains("--out DIR", "--seed N", "--epochs N", "--hidden N", "--devices N",
                "--samples-per-device N");
    }

    @Test
    void aNonEmptyOutputDirectoryIsRefusedBeforeAnyTraining() throws IOException {
        Path existing = Files.createDirectories(workspace.resolve("anomaly-v1"));
        Files.writeString(existing.resolve("saved_model.pb"), "an older model");

        int status = run("train", "--out", existing.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err()).contains("--out " + existing).contains("is not empty");
        assertThat(out()).doesNotContain("epoch");
        assertThat(Files.readString(existing.resolve("saved_model.pb"))).isEqualTo("an older model");
    }

    private int run(String... args) {
        TrainerMain main = new TrainerMain(List.of(new TrainCommand()));
        return main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    }

    private String out() {
        return out.toString(UTF_8);
    }

    private String err() {
        return err.toString(UTF_8);
    }
}
