package dev.fleetinference.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetinference.benchmark.PoisonFactory.Poison;
import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.schemas.serde.WireFormat;
import dev.fleetinference.streamapp.routing.DeviceTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The flood's records are what their kinds say, without a broker: events written as under schema id 1. */
class PoisonFactoryTest {

    private static final int SCHEMA_ID = 1;
    private static final int LIMIT = 1024 * 1024;
    private static final DeviceTopics TOPICS = new DeviceTopics("chaos-7-0000.p.");

    private final List<Poison> flood = new PoisonFactory(PoisonFactoryTest::serialize, TOPICS, 10, 7)
            .flood(1_000, LIMIT);

    @Test
    void everyKindIsThereAndOneHugeEvent() {
        Map<PoisonKind, Long> kinds = flood.stream().collect(Collectors.groupingBy(Poison::kind,
                Collectors.counting()));

        assertThat(flood).hasSize(1_000);
        assertThat(kinds).containsOnlyKeys(PoisonKind.values());
        assertThat(kinds.get(PoisonKind.HUGE_EVENT)).isEqualTo(1);
        assertThat(kinds.values().stream().filter(n -> n > 1)).allMatch(n -> n >= 142 && n <= 143);
    }

    @Test
    void theHugeEventHasAHundredThousandFeaturesJustUnderTheLimit() {
        Poison huge = of(PoisonKind.HUGE_EVENT).get(0);
        FeatureEvent event = decode(huge.value());

        assertThat(huge.value().length).isBetween(LIMIT - PoisonFactory.SIZE_MARGIN - 2,
                LIMIT - PoisonFactory.SIZE_MARGIN);
        assertThat(event.getFeatures()).hasSize(PoisonFactory.HUGE_FEATURES).doesNotContainKey("temperature_c");
        assertThat(huge.eventId()).contains(event.getEventId());
    }

    @Test
    void theUndecodableOnesAreNotEventsUnderAKnownSchema() {
        assertThat(of(PoisonKind.UNKNOWN_SCHEMA_ID)).allMatch(p -> ByteBuffer.wrap(p.value(), 1, 4).getInt()
                >= 1_000_000 && p.eventId().isEmpty());
        assertThat(of(PoisonKind.TRUNCATED_AVRO)).allMatch(p -> p.value().length > 0 && p.eventId().isEmpty());
        assertThat(of(PoisonKind.RANDOM_BYTES)).allMatch(p -> p.value().length > 0 && p.eventId().isEmpty());
        assertThat(of(PoisonKind.RANDOM_BYTES).stream().map(p -> p.value().length).distinct().count())
                .as("random lengths").isGreaterThan(10);
    }

    @Test
    void theDecodableOnesBreakOneRuleEach() {
        assertThat(of(PoisonKind.NAN_FEATURE)).allMatch(p -> decode(p.value()).getFeatures().values().stream()
                .anyMatch(v -> v.isNaN()));
        assertThat(of(PoisonKind.INFINITE_FEATURE)).allMatch(p -> decode(p.value()).getFeatures().values().stream()
                .anyMatch(v -> v.isInfinite()));
        assertThat(of(PoisonKind.ILLEGAL_DEVICE_ID)).allMatch(p -> !TOPICS.isLegal(p.key())
                && p.key().length() <= TOPICS.maxDeviceIdLength() && decode(p.value()).getDeviceId().equals(p.key()));
        assertThat(of(PoisonKind.OVERSIZED_DEVICE_ID)).allMatch(p -> p.key().length() > TOPICS.maxDeviceIdLength()
                && decode(p.value()).getDeviceId().equals(p.key()));
    }

    private List<Poison> of(PoisonKind kind) {
        return flood.stream().filter(p -> p.kind() == kind).toList();
    }

    private static byte[] serialize(FeatureEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            bytes.write(WireFormat.header(SCHEMA_ID));
            new SpecificDatumWriter<>(FeatureEvent.class).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static FeatureEvent decode(byte[] value) {
        byte[] body = Arrays.copyOfRange(value, WireFormat.HEADER_LENGTH, value.length);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(body, null);
        try {
            return new SpecificDatumReader<>(FeatureEvent.class).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
