package dev.fleetinference.streamapp.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write-behind store over a real in-memory store: writes wait for the cache flush, and are serialized once. */
class WriteBehindStoreTest {

    private final AtomicInteger serialized = new AtomicInteger();
    private KeyValueStore<Integer, String> inner;
    private WriteBehindStore<Integer, String> store;

    @BeforeEach
    void open() {
        Serde<String> counting = Serdes.serdeFrom((topic, value) -> {
            serialized.incrementAndGet();
            return Serdes.String().serializer().serialize(topic, value);
        }, Serdes.String().deserializer());
        inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("buffer"), Serdes.Integer(), counting)
                .withLoggingDisabled().withCachingDisabled().build();
        store = new WriteBehindStore<>(inner);
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void aKeyWrittenManyTimesBetweenFlushesIsSerializedOnceWithItsLastValue() {
        for (int i = 0; i < 100; i++) {
            store.put(1, "value " + i);
        }

        assertThat(store.get(1)).isEqualTo("value 99");
        assertThat(inner.get(1)).as("nothing written before the flush").isNull();
        assertThat(serialized).hasValue(0);

        store.flushCache();

        assertThat(inner.get(1)).isEqualTo("value 99");
        assertThat(serialized).hasValue(1);
    }

    @Test
    void aDeleteWaitsForTheFlushToo() {
        store.put(1, "one");
        store.flushCache();

        assertThat(store.delete(1)).isEqualTo("one");
        assertThat(store.get(1)).isNull();
        assertThat(inner.get(1)).isEqualTo("one");

        store.flushCache();
        assertThat(inner.get(1)).isNull();
    }

    @Test
    void putIfAbsentAndPutAllSeeTheUnwrittenValues() {
        store.putAll(List.of(KeyValue.pair(1, "one"), KeyValue.pair(2, "two")));

        assertThat(store.putIfAbsent(1, "uno")).isEqualTo("one");
        assertThat(store.putIfAbsent(3, "three")).isNull();
        assertThat(store.get(3)).isEqualTo("three");
    }

    @Test
    void aRangeReadWritesThroughFirstSoItSeesEverything() {
        store.put(2, "two");
        store.put(1, "one");

        try (KeyValueIterator<Integer, String> all = store.all()) {
            assertThat(all).toIterable().extracting(kv -> kv.key).containsExactly(1, 2);
        }
        assertThat(inner.get(2)).isEqualTo("two");
    }

    @Test
    void clearingTheCacheDropsWhatWasNotWritten() {
        store.put(1, "kept");
        store.flushCache();
        store.put(1, "dropped");
        store.put(2, "dropped");

        store.clearCache();

        assertThat(store.get(1)).isEqualTo("kept");
        assertThat(store.get(2)).isNull();
        store.flushCache();
        assertThat(inner.get(2)).isNull();
    }
}
