package dev.fleetinference.localstack.kafka;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of a child JVM that exits when the JVM that started it is gone.
 *
 * <p>Usage: {@code ParentWatchingLauncher <parent-pid> <main-class> [args...]}. A test run that
 * is killed (or a demo stopped with SIGKILL) cannot run its shutdown hooks, so the child watches
 * its parent instead: no broker is ever left running without its owner.
 */
public final class ParentWatchingLauncher {

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

    private static void parentGone() {
        System.err.println("parent process is gone; shutting down");
        System.exit(0);
    }
}
