package dev.fleetinference.localstack.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How a child JVM that dies with this one is started, and how its log is quoted when it fails. */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * A child JVM running {@code mainClass} on this JVM's class path through {@link ParentWatchingLauncher} (so it
     * dies with this JVM), {@code jvmOptions} before the class path, its output appended to {@code logFile}; its
     * environment is this JVM's without the variables whose names start with {@code clearedPrefix} (a developer's
     * own settings must not change what the child does), plus {@code env}.
     */
    public static ProcessBuilder onThisClassPath(List<String> jvmOptions, String mainClass, Map<String, String> env,
                                                 String clearedPrefix, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(ParentWatchingLauncher.arguments(mainClass, List.of()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith(clearedPrefix));
        builder.environment().putAll(env);
        return builder;
    }

    /** The last {@code lines} lines of {@code logFile}, or why it cannot be read: for a failure message. */
    public static String logTail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}
