package dev.fleetinference.localstack.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JVM started by this one that dies with it (its main class runs through {@link ParentWatchingLauncher}): the one
 * place that builds a child JVM's command line and starts it, and quotes its log when it fails.
 *
 * <p>Immutable: each {@code with...} returns a copy. By default the child has no JVM options, no arguments, this
 * JVM's working directory and environment.
 */
public final class ChildJvm {

    private final String classPath;
    private final String mainClass;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final Optional<Path> directory;
    private final Optional<Map<String, String>> environment;

    private ChildJvm(String classPath, String mainClass, List<String> jvmOptions, List<String> arguments,
                     Optional<Path> directory, Optional<Map<String, String>> environment) {
        this.classPath = Objects.requireNonNull(classPath, "classPath");
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.directory = directory;
        this.environment = environment.map(Map::copyOf);
    }

    /** {@code mainClass} on {@code classPath}, which must also hold {@link ParentWatchingLauncher}. */
    public static ChildJvm of(String classPath, String mainClass) {
        return new ChildJvm(classPath, mainClass, List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** {@code mainClass} on this JVM's own class path (which holds local-stack, so the launcher). */
    public static ChildJvm onThisClassPath(String mainClass) {
        return of(System.getProperty("java.class.path"), mainClass);
    }

    /** With {@code options} before the class path ({@code -Xmx256m}, {@code -Dname=value}). */
    public ChildJvm withJvmOptions(List<String> options) {
        return new ChildJvm(classPath, mainClass, options, arguments, directory, environment);
    }

    /** With {@code args} for the main class. */
    public ChildJvm withArguments(List<String> args) {
        return new ChildJvm(classPath, mainClass, jvmOptions, args, directory, environment);
    }

    /** Started in {@code dir}. */
    public ChildJvm inDirectory(Path dir) {
        return new ChildJvm(classPath, mainClass, jvmOptions, arguments, Optional.of(dir), environment);
    }

    /** With exactly the variables of {@code env}, none inherited from this JVM. */
    public ChildJvm withEnvironment(Map<String, String> env) {
        return new ChildJvm(classPath, mainClass, jvmOptions, arguments, directory, Optional.of(env));
    }

    /** The command line: this JVM's {@code java}, the options, the class path, the launcher and the main class. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.addAll(ParentWatchingLauncher.arguments(mainClass, arguments));
        return command;
    }

    /** Starts it with its output and errors appended to {@code logFile} (whose directory is created if need be). */
    public Process start(Path logFile) throws IOException {
        if (logFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
        }
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        directory.ifPresent(dir -> builder.directory(dir.toFile()));
        environment.ifPresent(env -> {
            builder.environment().clear();
            builder.environment().putAll(env);
        });
        return builder.start();
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
