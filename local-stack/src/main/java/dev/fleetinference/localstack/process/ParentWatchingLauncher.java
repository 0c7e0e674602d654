package dev.fleetinference.localstack.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a child JVM that exits when the JVM that started it is gone.
 *
 * <p>Usage: {@code ParentWatchingLauncher <parent-pid> <main-class> [args...]}. A test run that
 * is killed (or a demo stopped with SIGKILL) cannot run its shutdown hooks, so the child watches
 * its parent instead: no broker (or stream app) is ever left running without its owner. The exit
 * is {@link System#exit}, so the child's own shutdown hooks still run.
 *
 * <p>A child whose class path lacks local-stack gets the launcher alone with {@link #classpathEntry(Path)}.
 */
public final class ParentWatchingLauncher {

    private static final String CLASS_FILE = ParentWatchingLauncher.class.getName().replace('.', '/') + ".class";

    private ParentWatchingLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ParentWatchingLauncher <parent-pid> <main-class> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(ParentWatchingLauncher::parentGone),
                ParentWatchingLauncher::parentGone);
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    /**
     * The child JVM's arguments after its options and class path: this launcher, the pid of this JVM
     * (the parent to follow), then {@code mainClass} and its {@code args}.
     */
    public static List<String> arguments(String mainClass, List<String> args) {
        List<String> arguments = new ArrayList<>();
        arguments.add(ParentWatchingLauncher.class.getName());
        arguments.add(Long.toString(ProcessHandle.current().pid()));
        arguments.add(mainClass);
        arguments.addAll(args);
        return arguments;
    }

    /**
     * Writes this class, and nothing else, into {@code dir} and returns {@code dir} as a class path
     * entry: for a child that must not see local-stack's other classes or its log4j2.xml.
     */
    public static Path classpathEntry(Path dir) throws IOException {
        Path target = dir.resolve(CLASS_FILE);
        Files.createDirectories(target.getParent());
        try (InputStream in = ParentWatchingLauncher.class.getClassLoader().getResourceAsStream(CLASS_FILE)) {
            if (in == null) {
                throw new IOException("cannot read " + CLASS_FILE + " from the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private static void parentGone() {
        System.err.println("parent process is gone; shutting down");
        System.exit(0);
    }
}
