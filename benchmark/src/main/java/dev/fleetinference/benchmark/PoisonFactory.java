package dev.fleetinference.benchmark;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.serde.WireFormat;
import dev.fleetinference.simulator.telemetry.FeatureNames;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * Makes the chaos run's poison flood: bad records of every {@link PoisonKind} in a seeded random order, as a buggy or
 * hostile device would send them with a plain byte producer. Those that decode are events of the run's devices, so
 * one the pipeline scored anyway would show up among their predictions.
 */
final class PoisonFactory {

    /** A bad record: its kind, key and value, and its event id when it decodes to an event. */
    record Poison(PoisonKind kind, String key, byte[] value, Optional<UUID> eventId) {
    }

    /** Features of the huge event: five-character names, so 100,000 of them fit in a megabyte. */
    static final int HUGE_FEATURES = 100_000;
    /** How far under the size limit the huge event stays: room for its dead letter's headers. */
    static final int SIZE_MARGIN = 8 * 1024;
    // a fresh registry hands out ids from 1: these are never among them
    private static final int UNKNOWN_IDS_FROM = 1_000_000;
    private static final int MAX_RANDOM_BYTES = 256;
    private static final int MAX_EXTRA_ID_LENGTH = 500;
    // each outside Kafka's [a-zA-Z0-9._-]
    private static final List<String> ILLEGAL_CHARACTERS = List.of("/", " ", "#", ":", "*", "é", "?", "+");
    private static final List<Float> NON_FINITE = List.of(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);

    private final Function<FeatureEvent, byte[]> serializer;
    private final DeviceTopics deviceTopics;
    private final BenchFleet fleet;
    private final Random random;

    /**
     * @param serializer   an event in the wire format, as the devices' serializer writes it
     * @param deviceTopics the run's predictions topics, whose names bound a device id's length
     * @param devices      how many devices the run's fleet has: the decodable poison comes from them
     */
    PoisonFactory(Function<FeatureEvent, byte[]> serializer, DeviceTopics deviceTopics, int devices, long seed) {
        this.serializer = serializer;
        this.deviceTopics = deviceTopics;
        this.fleet = new BenchFleet(devices);
        this.random = new Random(seed);
    }

    /**
     * {@code count} bad records: one huge event of {@link #HUGE_FEATURES} features, {@link #SIZE_MARGIN} bytes or
     * less under {@code sizeLimit} (the most bytes a record may have), and the rest of the other kinds in turn,
     * shuffled.
     */
    List<Poison> flood(int count, int sizeLimit) {
        List<PoisonKind> small = Arrays.stream(PoisonKind.values()).filter(k -> k != PoisonKind.HUGE_EVENT).toList();
        List<Poison> poison = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            poison.add(make(small.get(i % small.size())));
        }
        poison.add(huge(sizeLimit - SIZE_MARGIN));
        Collections.shuffle(poison, random);
        return List.copyOf(poison);
    }

    private Poison make(PoisonKind kind) {
        FeatureEvent event = fleet.next(Instant.now());
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[1 + random.nextInt(MAX_RANDOM_BYTES)];
                random.nextBytes(bytes);
                yield new Poison(kind, event.getDeviceId(), bytes, Optional.empty());
            }
            case TRUNCATED_AVRO -> {
                byte[] whole = serializer.apply(event);
                yield new Poison(kind, event.getDeviceId(), Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)),
                        Optional.empty());
            }
            case UNKNOWN_SCHEMA_ID -> {
                byte[] bytes = serializer.apply(event);
                ByteBuffer.wrap(bytes).put(WireFormat.header(UNKNOWN_IDS_FROM + random.nextInt(UNKNOWN_IDS_FROM)));
                yield new Poison(kind, event.getDeviceId(), bytes, Optional.empty());
            }
            case NAN_FEATURE -> withFeature(kind, event, Float.NaN);
            case INFINITE_FEATURE -> withFeature(kind, event, NON_FINITE.get(random.nextInt(NON_FINITE.size())));
            case ILLEGAL_DEVICE_ID -> fromDevice(kind, event, event.getDeviceId()
                    + ILLEGAL_CHARACTERS.get(random.nextInt(ILLEGAL_CHARACTERS.size())) + random.nextInt(1_000));
            case OVERSIZED_DEVICE_ID -> fromDevice(kind, event, "d".repeat(deviceTopics.maxDeviceIdLength() + 1
                    + random.nextInt(MAX_EXTRA_ID_LENGTH)));
            case HUGE_EVENT -> throw new IllegalArgumentException("one huge event a flood, made by huge()");
        };
    }

    // one of the model's features NaN or infinite
    private Poison withFeature(PoisonKind kind, FeatureEvent event, float value) {
        Map<String, Float> features = new HashMap<>(event.getFeatures());
        features.put(FeatureNames.ORDERED.get(random.nextInt(FeatureNames.ORDERED.size())), value);
        FeatureEvent bad = FeatureEvent.newBuilder(event).setFeatures(features).build();
        return new Poison(kind, bad.getDeviceId(), serializer.apply(bad), Optional.of(bad.getEventId()));
    }

    // keyed by its device id, as a device is
    private Poison fromDevice(PoisonKind kind, FeatureEvent event, String deviceId) {
        FeatureEvent bad = FeatureEvent.newBuilder(event).setDeviceId(deviceId).build();
        return new Poison(kind, deviceId, serializer.apply(bad), Optional.of(bad.getEventId()));
    }

    /** The huge event, padded by an attribute to {@code size} bytes in the wire format (or a byte or two fewer). */
    private Poison huge(int size) {
        Map<String, Float> features = new HashMap<>();
        for (int i = 0; i < HUGE_FEATURES; i++) {
            features.put(String.format(Locale.ROOT, "%05d", i), random.nextFloat());
        }
        FeatureEvent.Builder event = FeatureEvent.newBuilder(fleet.next(Instant.now())).setFeatures(features)
                .setAttributes(Map.of());
        int bare = serializer.apply(event.build()).length;
        if (bare > size) {
            throw new IllegalArgumentException("an event of " + HUGE_FEATURES + " features takes " + bare
                    + " bytes, more than the " + size + " allowed");
        }
        // the padding's own length prefix takes a few bytes of the room
        String padding = "p".repeat(Math.max(0, size - bare - 16));
        int padded = serializer.apply(event.setAttributes(Map.of("padding", padding)).build()).length;
        FeatureEvent huge = event.setAttributes(Map.of("padding", padding + "p".repeat(size - padded))).build();
        return new Poison(PoisonKind.HUGE_EVENT, huge.getDeviceId(), serializer.apply(huge),
                Optional.of(huge.getEventId()));
    }
}
