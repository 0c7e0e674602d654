package dev.fleetinference.streamapp.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged trainer command, run in its own JVM as a user runs it (TF Java never joins DJL's JVM). */
final class TrainerCli {

    private static final Path TRAINER = Path.of("..", "trainer", "target");

    private TrainerCli() {
    }

    /** Runs {@code trainer ARGS} with extra environment variables and returns what it printed; fails the test on a non-zero exit. */
    static String run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = TRAINER.resolve("trainer.jar");
        Path classpath = TRAINER.resolve("classpath.txt");
        assertThat(jar).as("the packaged trainer (built by ./mvnw verify before this module's tests)").exists();
        assertThat(classpath).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toAbsolutePath() + ":" + Files.readString(classpath).trim(),
                "dev.fleetinference.trainer.TrainerMain"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("trainer-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // the developer's own FLEET_* settings must not change what the command does here
        builder.environment().keySet().removeIf(name -> name.startsWith("FLEET_"));
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("trainer exited").isTrue();
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("trainer %s exit status; it printed:%n%s", args[0], printed).isZero();
            return printed;
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
