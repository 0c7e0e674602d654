package dev.fleetinference.streamapp.batching;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.batching.BufferSerde.Slot;
import dev.fleetinference.streamapp.deadletter.DeadLetters;
import dev.fleetinference.streamapp.model.CurrentModel;
import dev.fleetinference.streamapp.model.LoadedModel;
import dev.fleetinference.streamapp.model.ModelLease;
import dev.fleetinference.streamapp.model.ModelSpec;
import dev.fleetinference.streamapp.ops.PipelineMetrics;
import dev.fleetinference.streamapp.pipeline.ModelUnavailableException;
import dev.fleetinference.streamapp.pipeline.Predictions;
import dev.fleetinference.streamapp.pipeline.Scorer;
import dev.fleetinference.streamapp.pipeline.ScoringMode;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import dev.fleetinference.streamapp.routing.TopicProvisioner;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.FeatureRow;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Scores events in batches: one model call for up to {@code size} events, or for those that came within
 * {@code maxWait}, and forwards their predictions in the order the events arrived (so each device's stay in order).
 *
 * <p>Why nothing is lost or doubled under exactly-once: every buffered event is also in a changelogged store, written
 * in the same transaction as the input offsets. After a crash the store comes back as of the last commit, holding
 * exactly the events whose offsets were committed but whose predictions were not yet forwarded; the events after
 * the commit are read again. The store is a ring of {@code size} slots plus a mark (the last offset flushed), so a
 * flush writes one record, not a delete per event; and it writes behind ({@link WriteBehindStore}): an event costs a
 * map put, and at each commit the changelog gets the slots' and the mark's last values only, at most
 * {@code size + 1} records per task.
 *
 * <p>A batch leases its model at its first event and keeps it until it is scored, so each event is checked against,
 * and scored by, the same model; a swap takes effect at the next batch.
 */
public final class BatchScoringProcessor implements Processor<String, FeatureEvent, String, ScoringOutcome> {

    /** The store's name: also names its changelog topic, {@code <application.id>-scoring-buffer-changelog}. */
    public static final String STORE = "scoring-buffer";
    static final int MARK = -1;

    private final BatchSettings settings;
    private final CurrentModel model;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final DeviceTopics topics;
    private final TopicProvisioner provisioner;
    private final String eventsTopic;
    private final ScoringMode mode;
    private final List<BufferedEvent> pending = new ArrayList<>();
    // each pending event's model input, computed when it was checked; null for an event restored from the
    // changelog, which is checked against the model only when it is scored
    private final List<float[]> pendingRows = new ArrayList<>();
    private ProcessorContext<String, ScoringOutcome> context;
    private KeyValueStore<Integer, Slot> store;
    private ModelLease lease;
    // wall-clock time (Kafka Streams' view of it) when the batch's first event came
    private long oldestMillis;

    public BatchScoringProcessor(BatchSettings settings, CurrentModel model, PipelineMetrics metrics, Clock clock,
                                 DeviceTopics topics, TopicProvisioner provisioner, String eventsTopic,
                                 ScoringMode mode) {
        this.settings = settings;
        this.model = model;
        this.metrics = metrics;
        this.clock = clock;
        this.topics = topics;
        this.provisioner = provisioner;
        this.eventsTopic = eventsTopic;
        this.mode = mode;
    }

    /**
     * The buffer's store: changelogged, written behind so that only the slots' last values are serialized and sent,
     * at each commit. Persistent (RocksDB) although small, because only an app with a persistent store keeps its
     * process id, hence its transactional id, across restarts: a restarted instance then fences its dead
     * incarnation's open transaction at once instead of waiting out the transaction timeout (10-20 s measured with
     * an in-memory store).
     */
    public static StoreBuilder<?> storeBuilder(Serde<FeatureEvent> events) {
        return new WriteBehindStoreBuilder<>(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                        Serdes.Integer(), BufferSerde.of(events))
                .withCachingDisabled());
    }

    @Override
    public void init(ProcessorContext<String, ScoringOutcome> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        restore();
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::flushIfWaitedEnough);
    }

    @Override
    public void process(Record<String, FeatureEvent> record) {
        if (lease == null) {
            lease = Scorer.lease(model);
        }
        float[] row;
        try {
            // checked now, while Kafka Streams still holds the event's bytes: a refusal becomes a dead letter of them
            row = FeatureRow.of(record.value(), lease.model().spec());
        } catch (InvalidEventException e) {
            if (pending.isEmpty()) {
                // no batch holds the model: let a swap close it
                lease.close();
                lease = null;
            }
            throw e;
        }
        long offset = context.recordMetadata().map(RecordMetadata::offset)
                .orElseThrow(() -> new IllegalStateException("an event with no offset reached the batch scorer"));
        BufferedEvent buffered = new BufferedEvent(offset, record.timestamp(), record.value());
        if (pending.isEmpty()) {
            oldestMillis = context.currentSystemTimeMs();
        }
        // slots fill from 0 after each flush; restored events hold the first ones
        store.put(pending.size(), Slot.holding(buffered));
        pending.add(buffered);
        pendingRows.add(row);
        if (pending.size() >= settings.size()) {
            flush();
        }
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private void restore() {
        // Kafka Streams may close a corrupted task and init the same processor again on a restored store
        pending.clear();
        pendingRows.clear();
        Slot mark = store.get(MARK);
        long flushed = mark == null ? -1 : mark.offset();
        List<BufferedEvent> unflushed = new ArrayList<>();
        try (KeyValueIterator<Integer, Slot> slots = store.all()) {
            while (slots.hasNext()) {
                KeyValue<Integer, Slot> slot = slots.next();
                if (slot.key != MARK && slot.value.event() != null && slot.value.offset() > flushed) {
                    unflushed.add(slot.value.event());
                }
            }
        }
        unflushed.sort(Comparator.comparingLong(BufferedEvent::offset));
        pending.addAll(unflushed);
        unflushed.forEach(event -> pendingRows.add(null));
        // scored at the first check: they have waited through a restart already
        oldestMillis = context.currentSystemTimeMs() - settings.maxWait().toMillis();
    }

    private void flushIfWaitedEnough(long now) {
        if (!pending.isEmpty() && now - oldestMillis >= settings.maxWait().toMillis()) {
            flush();
        }
    }

    private void flush() {
        if (lease == null) {
            lease = Scorer.lease(model);
        }
        LoadedModel loaded = lease.model();
        ModelSpec spec = loaded.spec();
        List<float[]> rows = new ArrayList<>(pending.size());
        List<BufferedEvent> scored = new ArrayList<>(pending.size());
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            BufferedEvent event = pending.get(i);
            float[] row = pendingRows.get(i);
            if (row == null) {
                // restored: checked against the model that scores it now, which may be newer than the one it met
                try {
                    row = FeatureRow.of(event.event(), spec);
                } catch (InvalidEventException e) {
                    rejected.add(new RejectedEvent(event, e));
                    continue;
                }
            }
            rows.add(row);
            scored.add(event);
        }
        // a device whose topic the cluster refuses leaves the batch as its own dead letters; the rest is scored
        Set<String> refused = provision(scored);
        List<float[]> accepted = new ArrayList<>(rows.size());
        List<BufferedEvent> toScore = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            BufferedEvent event = scored.get(i);
            String topic = topics.topicFor(event.event().getDeviceId());
            if (refused.contains(topic)) {
                rejected.add(new RejectedEvent(event, new InvalidEventException(DeadLetterReason.ILLEGAL_DEVICE_ID,
                        "the cluster refuses topic " + topic)));
            } else {
                accepted.add(rows.get(i));
                toScore.add(event);
            }
        }
        float[] scores = score(loaded, accepted);
        Instant scoredTime = clock.instant();
        for (int i = 0; i < toScore.size(); i++) {
            BufferedEvent event = toScore.get(i);
            Prediction prediction = Predictions.of(event.event(), spec, scores[i], scoredTime, mode);
            metrics.scored(spec, event.event().getEventTime(), scoredTime);
            context.forward(new Record<>(event.event().getDeviceId(), new ScoringOutcome.Scored(prediction),
                    event.timestamp()));
        }
        rejected.forEach(this::forwardRejected);
        store.put(MARK, Slot.mark(pending.get(pending.size() - 1).offset()));
        metrics.batchScored(pending.size());
        pending.clear();
        pendingRows.clear();
        lease.close();
        lease = null;
    }

    /**
     * Makes sure the predictions topics of the batch's devices exist, in one request, and returns those the cluster
     * refuses for good (their events are the events' fault). Only when that request meets a refused name are the
     * topics asked for one by one, to find which. A failure of the cluster itself propagates and fails the task: the
     * batch is then read again from the last commit, and no event of it is filed as a dead letter.
     */
    private Set<String> provision(List<BufferedEvent> events) {
        Set<String> deviceTopics = new LinkedHashSet<>();
        events.forEach(event -> deviceTopics.add(topics.topicFor(event.event().getDeviceId())));
        try {
            provisioner.ensureExists(deviceTopics);
            return Set.of();
        } catch (InvalidEventException refusedOne) {
            Set<String> refused = new LinkedHashSet<>();
            for (String topic : deviceTopics) {
                try {
                    provisioner.ensureExists(List.of(topic));
                } catch (InvalidEventException e) {
                    refused.add(topic);
                }
            }
            return refused;
        }
    }

    private float[] score(LoadedModel loaded, List<float[]> rows) {
        if (rows.isEmpty()) {
            return new float[0];
        }
        long start = System.nanoTime();
        float[] scores;
        try {
            scores = mode.score(loaded, rows.toArray(float[][]::new));
        } catch (RuntimeException e) {
            // the rows passed the model's signature, so the model, not an event, is at fault: fail the task and let
            // the batch be read again from the last commit rather than file the event that filled it as a dead letter
            throw new ModelUnavailableException("the model " + loaded.spec().name() + " failed to score a batch of "
                    + rows.size() + " events: " + e.getMessage(), e);
        }
        metrics.inferenceCall(System.nanoTime() - start);
        return scores;
    }

    private void forwardRejected(RejectedEvent rejected) {
        InvalidEventException reason = rejected.reason();
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, utf8(reason.reason().code()));
        headers.add(DeadLetters.EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(DeadLetters.MESSAGE, utf8(reason.getMessage() + " (refused while its batch was scored; the "
                + "event is re-encoded)"));
        headers.add(DeadLetters.TOPIC, utf8(eventsTopic));
        headers.add(DeadLetters.PARTITION, utf8(Integer.toString(context.taskId().partition())));
        headers.add(DeadLetters.OFFSET, utf8(Long.toString(rejected.event().offset())));
        metrics.deadLetter(reason.reason());
        context.forward(new Record<>(rejected.event().event().getDeviceId(),
                new ScoringOutcome.Rejected(rejected.event().event()), rejected.event().timestamp(), headers));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record RejectedEvent(BufferedEvent event, InvalidEventException reason) {
    }
}
