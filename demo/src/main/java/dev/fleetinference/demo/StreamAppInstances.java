package dev.fleetinference.demo;

import dev.fleetinference.localstack.process.FreePort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's stream-app instances, {@code demo-1} to {@code demo-<n>}: each a {@link StreamAppProcess} with its own
 * instance id, HTTP port and state directory. One runs in the work directory, as the demo always had it; several run
 * each in a directory of its own named after it, with its log and state there.
 */
final class StreamAppInstances implements AutoCloseable {

    static final String ID_PREFIX = "demo-";

    /**
     * One instance.
     *
     * @param id      its instance id, {@code demo-1}...
     * @param dir     where it runs and writes its log
     * @param env     what it was told
     * @param process the child JVM
     */
    record Instance(String id, Path dir, StreamAppEnvironment env, StreamAppProcess process) {

        Instance {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(env, "env");
            Objects.requireNonNull(process, "process");
        }

        Path logFile() {
            return dir.resolve(StreamAppProcess.LOG_FILE);
        }
    }

    /** An instance's settings from its id, its HTTP port (free, and none other's) and its state directory. */
    @FunctionalInterface
    interface Settings {
        StreamAppEnvironment of(String id, int httpPort, Path stateDir);
    }

    private final List<Instance> instances;

    private StreamAppInstances(List<Instance> instances) {
        this.instances = List.copyOf(instances);
    }

    /**
     * Starts {@code count} instances of {@code layout} with the {@code settings} of each, without waiting for them to
     * be ready. If one cannot start, those already started are stopped.
     */
    static StreamAppInstances start(StreamAppLayout layout, Path workDir, int count, Settings settings) {
        List<Instance> started = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        try {
            for (int n = 1; n <= count; n++) {
                String id = ID_PREFIX + n;
                Path dir = count == 1 ? workDir : workDir.resolve(id);
                StreamAppEnvironment env = settings.of(id, freePortNotIn(ports), dir.resolve("stream-app-state"));
                started.add(new Instance(id, dir, env, StreamAppProcess.start(layout, env, dir)));
            }
        } catch (RuntimeException e) {
            new StreamAppInstances(started).stop();
            throw e;
        }
        return new StreamAppInstances(started);
    }

    List<Instance> all() {
        return instances;
    }

    /** The instance {@code id}; IllegalArgumentException if there is none. */
    Instance get(String id) {
        return instances.stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stream-app instance " + id));
    }

    /** Whether more than one runs: a single instance is named "the stream app" in what the demo prints. */
    boolean several() {
        return instances.size() > 1;
    }

    /** The instances still running. */
    List<Instance> alive() {
        return instances.stream().filter(i -> i.process().isAlive()).toList();
    }

    /** What each instance still running has scored since it started, by id. */
    Map<String, Long> scored() {
        Map<String, Long> scored = new LinkedHashMap<>();
        alive().forEach(i -> scored.put(i.id(), i.process().scored()));
        return scored;
    }

    List<Path> logFiles() {
        return instances.stream().map(Instance::logFile).toList();
    }

    /**
     * Stops every instance at once (SIGTERM, then SIGKILL after {@link StreamAppProcess#STOP_TIMEOUT}): one at a time,
     * each stop would move its partitions to the others only for them to stop too.
     *
     * @return the ids of those that did not stop on SIGTERM and were killed
     */
    List<String> stop() {
        Map<String, CompletableFuture<Boolean>> stopping = new LinkedHashMap<>();
        // a thread each: the common pool has one thread on two cores, and a stop can wait its whole grace period
        instances.forEach(i -> stopping.put(i.id(), CompletableFuture.supplyAsync(i.process()::stop,
                task -> new Thread(task, "stop-" + i.id()).start())));
        List<String> killed = new ArrayList<>();
        stopping.forEach((id, stopped) -> {
            if (!stopped.join()) {
                killed.add(id);
            }
        });
        return killed;
    }

    @Override
    public void close() {
        stop();
    }

    // a port found free is free until bound, and the instances bind theirs only once they have started
    private static int freePortNotIn(Set<Integer> taken) {
        while (true) {
            int port = FreePort.find();
            if (taken.add(port)) {
                return port;
            }
        }
    }
}
