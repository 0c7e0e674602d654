package dev.fleetinference.streamapp.model;

import dev.fleetinference.modelregistry.catalog.CatalogReader;
import dev.fleetinference.modelregistry.catalog.CatalogUnavailableException;
import dev.fleetinference.schemas.ModelVersion;
import dev.fleetinference.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the PRODUCTION version of one model and hot-swaps it when the catalog topic says another
 * version is in production (a promotion or a rollback).
 *
 * <p>A daemon thread reads the catalog topic from its beginning, then follows it. When the
 * production version changes it loads the new one fully (download, sha256, unpack, signature,
 * TensorFlow, warm-up) and only then swaps it in; leases taken before keep the old model open until
 * they are closed, and the old model closes after the last one. A version that cannot be loaded
 * leaves the current model serving: the failure is logged and counted, and tried again only after a
 * growing delay if it may be passing (registry down, digest mismatch), otherwise not until another
 * version is promoted. While the registry does not answer the delay stays short, so the version
 * follows soon after the registry is back. Until a first model is loaded the manager is not ready;
 * the catalog comes from Kafka, so an artifact in the loader's cache needs no registry at all.
 */
public final class ModelManager implements CurrentModel, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelManager.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final ModelManagerConfig config;
    private final SchemaRegistryClient schemaRegistry;
    private final VersionLoader loader;
    private final SwappableModel model;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicLong failedLoads = new AtomicLong();
    private volatile Optional<ModelLoadException> lastFailure = Optional.empty();
    private Thread follower;
    private boolean closed;

    // Only the follower thread touches these.
    private final ProductionTracker tracker;
    private Optional<ModelVersion> announced = Optional.empty();
    private Failure failure;

    public ModelManager(ModelManagerConfig config, SchemaRegistryClient schemaRegistry, VersionLoader loader) {
        this.config = config;
        this.schemaRegistry = schemaRegistry;
        this.loader = loader;
        this.model = new SwappableModel("model '" + config.modelName() + "'");
        this.tracker = new ProductionTracker(config.modelName());
    }

    /** Starts following the catalog topic on a daemon thread; returns at once, not ready yet. */
    public ModelManager start() {
        return start(failure -> { });
    }

    /**
     * {@link #start()}, and tells {@code onStoppedFollowing} if the thread that follows the catalog ends with what it
     * cannot handle (an Error, such as running out of memory): from then on no promotion reaches this manager, so the
     * instance needs a restart.
     */
    public synchronized ModelManager start(Consumer<Throwable> onStoppedFollowing) {
        if (closed || follower != null) {
            throw new IllegalStateException("the manager of model '" + config.modelName() + "' was "
                    + (closed ? "closed" : "started already"));
        }
        CatalogReader reader = new CatalogReader(config.bootstrapServers(), config.catalogTopic(), schemaRegistry,
                config.clientSettings());
        log.info("waiting for a PRODUCTION version of model '{}' in {}", config.modelName(), config.catalogTopic());
        follower = new Thread(() -> follow(reader), "model-manager-" + config.modelName());
        follower.setDaemon(true);
        follower.setUncaughtExceptionHandler((thread, e) -> {
            log.error("the manager of model '{}' stopped following {}; no promotion reaches it any more",
                    config.modelName(), config.catalogTopic(), e);
            onStoppedFollowing.accept(e);
        });
        follower.start();
        return this;
    }

    @Override
    public ModelLease acquire() {
        return model.acquire();
    }

    @Override
    public boolean isReady() {
        return model.isReady();
    }

    @Override
    public Optional<ModelSpec> current() {
        return model.current();
    }

    /** Models swapped in so far, the first one included. */
    public long swapCount() {
        return swaps.get();
    }

    /** Versions that failed to load so far; each attempt counts. */
    public long failedLoadCount() {
        return failedLoads.get();
    }

    /** The latest load failure, if any. */
    public Optional<ModelLoadException> lastLoadFailure() {
        return lastFailure;
    }

    /** Stops following the catalog; the served model closes once its last lease is released. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            thread = follower;
        }
        stopping.countDown();
        if (thread != null) {
            stop(thread);
        }
        model.close();
    }

    private void follow(CatalogReader reader) {
        try {
            if (!catchUp(reader)) {
                return;
            }
            boolean quiet = true;
            while (!stopped()) {
                try {
                    reconcile(quiet);
                    quiet = poll(reader) == 0;
                } catch (RuntimeException e) {
                    // the thread that keeps the model current must outlive any one bad turn
                    log.error("unexpected failure following {} for model '{}'; going on in {}", config.catalogTopic(),
                            config.modelName(), readable(config.firstRetryDelay()), e);
                    pause(config.firstRetryDelay());
                }
            }
        } finally {
            // a Kafka consumer refuses to close cleanly while its thread is interrupted
            Thread.interrupted();
            try {
                reader.close();
            } catch (RuntimeException e) {
                log.debug("closing the catalog reader of model '{}' failed: {}", config.modelName(), e.toString());
            }
        }
    }

    /** Reads the topic to its end, retrying with growing delays; false if stopped first. */
    private boolean catchUp(CatalogReader reader) {
        for (int failures = 1; !stopped(); failures++) {
            try {
                reader.catchUp(config.catchUpTimeout(), tracker::apply);
                return true;
            } catch (CatalogUnavailableException | KafkaException e) {
                if (stopped()) {
                    return false;
                }
                Duration delay = config.retryDelay(failures);
                log.warn("cannot read {} to learn which version of model '{}' is in production: {}; retrying in {}",
                        config.catalogTopic(), config.modelName(), e.getMessage(), readable(delay));
                if (pause(delay)) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Reads what came since the last call; returns how many records that was. */
    private int poll(CatalogReader reader) {
        try {
            return reader.poll(config.pollInterval(), tracker::apply);
        } catch (CatalogUnavailableException | KafkaException e) {
            if (!stopped()) {
                log.warn("reading {} failed: {}; trying again in {}", config.catalogTopic(), e.getMessage(),
                        readable(config.firstRetryDelay()));
                pause(config.firstRetryDelay());
            }
            return 0;
        }
    }

    /** Loads the PRODUCTION version if it is not served; {@code quiet}: the last poll found no new records. */
    private void reconcile(boolean quiet) {
        Optional<ModelVersion> production = tracker.production();
        // a promotion archives the old version one record before it promotes the new one: no news yet
        if (production.isPresent() || quiet) {
            announce(production);
        }
        if (production.isEmpty()) {
            return;
        }
        ModelVersion target = production.get();
        if (isServing(target)) {
            failure = null;
            return;
        }
        if (failure != null && failure.isFor(target) && !failure.isDue(System.nanoTime())) {
            return;
        }
        load(target);
    }

    private void load(ModelVersion target) {
        ModelLoadException problem;
        try {
            LoadedModel loaded = loader.load(target);
            Optional<ModelSpec> replaced = model.swap(loaded);
            swaps.incrementAndGet();
            failure = null;
            log.info("now serving {}{}", loaded.spec().describe(),
                    replaced.map(old -> " instead of version " + old.version()).orElse(""));
            return;
        } catch (ModelLoadException e) {
            problem = e;
        } catch (RuntimeException e) {
            problem = new ModelLoadException(ModelLoadException.Reason.NOT_LOADABLE, target, e.toString(), e);
        }
        if (stopped()) {
            // interrupted by close(): not a fault of the version
            return;
        }
        failed(target, problem);
    }

    private void failed(ModelVersion target, ModelLoadException problem) {
        failedLoads.incrementAndGet();
        lastFailure = Optional.of(problem);
        int attempts = failure != null && failure.isFor(target) ? failure.attempts() + 1 : 1;
        String serving = model.current().map(s -> "still serving version " + s.version())
                .orElse("no model is being served");
        if (problem.reason().retryable()) {
            Duration delay = problem.registryUnavailable() ? config.reconnectDelay(attempts) : config.retryDelay(attempts);
            failure = Failure.retryAfter(target, attempts, delay);
            log.warn("{} [{}]; {}; trying again in {}", problem.getMessage(), problem.reason(), serving,
                    readable(delay));
        } else {
            failure = Failure.never(target, attempts);
            log.warn("{} [{}]; {}; not trying this version again unless it is promoted anew after another one",
                    problem.getMessage(), problem.reason(), serving);
        }
        log.debug("load failure of {} version {}", target.getName(), target.getVersion(), problem);
    }

    /** Logs when the production version the catalog names changes. */
    private void announce(Optional<ModelVersion> production) {
        if (sameVersion(production, announced)) {
            return;
        }
        announced = production;
        if (production.isPresent()) {
            ModelVersion version = production.get();
            if (!isServing(version)) {
                log.info("{} is in PRODUCTION; loading it", ModelSpec.describe(version.getName(), version.getVersion(),
                        version.getDigest()));
            }
        } else if (model.isReady()) {
            log.warn("model '{}' has no PRODUCTION version in {} any more; {} stays in service", config.modelName(),
                    config.catalogTopic(), model.current().map(ModelSpec::describe).orElse("the current model"));
        } else {
            log.info("waiting for a PRODUCTION version of model '{}' in {}", config.modelName(), config.catalogTopic());
        }
        // a newly promoted version starts with a clean slate, even one that failed before
        if (failure != null && production.map(v -> !failure.isFor(v)).orElse(true)) {
            failure = null;
        }
    }

    private boolean isServing(ModelVersion version) {
        return model.current().filter(spec -> spec.version() == version.getVersion()
                && spec.digest().equals(version.getDigest())).isPresent();
    }

    private static boolean sameVersion(Optional<ModelVersion> a, Optional<ModelVersion> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        return a.get().getVersion() == b.get().getVersion() && a.get().getDigest().equals(b.get().getDigest());
    }

    private static String readable(Duration delay) {
        return delay.compareTo(Duration.ofSeconds(10)) < 0 ? delay.toMillis() + " ms" : delay.toSeconds() + " s";
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    /** Waits up to {@code delay}, returning early (true) if the manager is being closed. */
    private boolean pause(Duration delay) {
        try {
            return stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void stop(Thread thread) {
        try {
            thread.join(STOP_GRACE.toMillis());
            if (thread.isAlive()) {
                // a long download or catalog read: interrupt it rather than wait for its timeout
                thread.interrupt();
                thread.join(STOP_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("the manager of model '{}' did not stop following {} within {} s", config.modelName(),
                    config.catalogTopic(), STOP_GRACE.multipliedBy(2).toSeconds());
        }
    }

    /** A version that failed to load, and when (if ever) to try it again. */
    private record Failure(int version, String digest, int attempts, long retryAtNanos, boolean retryable) {

        static Failure retryAfter(ModelVersion target, int attempts, Duration delay) {
            return new Failure(target.getVersion(), target.getDigest(), attempts, System.nanoTime() + delay.toNanos(),
                    true);
        }

        static Failure never(ModelVersion target, int attempts) {
            return new Failure(target.getVersion(), target.getDigest(), attempts, 0, false);
        }

        boolean isFor(ModelVersion target) {
            return version == target.getVersion() && digest.equals(target.getDigest());
        }

        boolean isDue(long nowNanos) {
            return retryable && nowNanos - retryAtNanos >= 0;
        }
    }
}
