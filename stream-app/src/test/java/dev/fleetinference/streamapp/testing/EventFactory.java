package dev.fleetinference.streamapp.testing;

import dev.fleetinference.modelregistry.artifacts.ModelMetadata;
import dev.fleetinference.schemas.FeatureEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** FeatureEvents with every feature the committed models take, drawn from a seeded generator. */
public final class EventFactory {

    private final List<String> features;
    private final Random random;

    public EventFactory(long seed) {
        try {
            this.features = ModelMetadata.read(CommittedModels.V1).featureNames();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.random = new Random(seed);
    }

    /** Feature names in the models' order. */
    public List<String> featureNames() {
        return features;
    }

    public FeatureEvent event(String deviceId) {
        Map<String, Float> values = new LinkedHashMap<>();
        for (String feature : features) {
            values.put(feature, (float) (random.nextGaussian() * 2 + 1));
        }
        return FeatureEvent.newBuilder().setDeviceId(deviceId).setEventId(UUID.randomUUID())
                .setEventTime(Instant.now()).setFeatures(values).build();
    }

    /** {@code event(deviceId)} with one feature set to {@code value} (NaN, say) or removed if null. */
    public FeatureEvent eventWith(String deviceId, String feature, Float value) {
        FeatureEvent event = event(deviceId);
        Map<String, Float> values = new LinkedHashMap<>(event.getFeatures());
        if (value == null) {
            values.remove(feature);
        } else {
            values.put(feature, value);
        }
        return FeatureEvent.newBuilder(event).setFeatures(values).build();
    }
}
