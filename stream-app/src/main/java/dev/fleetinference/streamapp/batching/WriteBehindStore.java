package dev.fleetinference.streamapp.batching;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that keeps its writes as objects in memory and hands them to the store it wraps (serialized,
 * changelogged) only when Kafka Streams flushes its caches, which it does at the start of every commit, before the
 * producer is flushed and the input offsets join the transaction.
 *
 * <p>So the changelog gets exactly what a cached store would send (each key's last value per commit), but a key
 * written a hundred times between commits is serialized once, not a hundred times, and each write costs a map put.
 * That hook is Kafka Streams' internal {@link CachedStateStore} contract (4.4): the crash test and the topology tests
 * fail if a later version stops calling it.
 *
 * <p>Reads see the unwritten values; range reads write them through first (they are rare: a restore at start).
 * Confined to its task's stream thread, like every state store.
 */
final class WriteBehindStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {

    private final KeyValueStore<K, V> inner;
    // a null value is a delete not yet written
    private final Map<K, V> unwritten = new HashMap<>();

    WriteBehindStore(KeyValueStore<K, V> inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // a task re-initialised after corruption starts from what its changelog restored, nothing else
        unwritten.clear();
        inner.init(context, root);
    }

    @Override
    public void put(K key, V value) {
        unwritten.put(Objects.requireNonNull(key, "key"), value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(K key) {
        V current = get(key);
        unwritten.put(Objects.requireNonNull(key, "key"), null);
        return current;
    }

    @Override
    public V get(K key) {
        return unwritten.containsKey(key) ? unwritten.get(key) : inner.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeThrough();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeThrough();
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeThrough();
        return inner.all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeThrough();
        return inner.reverseAll();
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries() + unwritten.size();
    }

    /** Called by Kafka Streams before every commit: the writes join the commit's transaction. */
    @Override
    public void flushCache() {
        writeThrough();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    /** Called when a task's uncommitted state is thrown away (e.g. it is recycled): so are the unwritten values. */
    @Override
    public void clearCache() {
        unwritten.clear();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writeThrough();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeThrough();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return inner.approximateNumUncommittedBytes();
    }

    @Override
    public void close() {
        // a clean close flushed the caches first; a dirty one must not write what its aborted transaction held
        unwritten.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private void writeThrough() {
        if (unwritten.isEmpty()) {
            return;
        }
        for (Map.Entry<K, V> entry : unwritten.entrySet()) {
            if (entry.getValue() == null) {
                inner.delete(entry.getKey());
            } else {
                inner.put(entry.getKey(), entry.getValue());
            }
        }
        unwritten.clear();
    }
}
