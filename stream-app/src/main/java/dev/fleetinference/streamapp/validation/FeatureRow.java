package dev.fleetinference.streamapp.validation;

import dev.fleetinference.schemas.FeatureEvent;
import dev.fleetinference.streamapp.model.ModelSpec;
import java.util.List;
import java.util.Map;

/** Turns an event's feature map into the model's input row, in the order of the model's registered signature. */
public final class FeatureRow {

    private FeatureRow() {
    }

    /**
     * The row for {@code spec}: one value per feature it names, in its order; features the model does not use are
     * ignored. A missing, NaN or infinite feature is an {@link InvalidEventException} naming it.
     */
    public static float[] of(FeatureEvent event, ModelSpec spec) {
        Map<String, Float> features = event.getFeatures();
        List<String> names = spec.featureNames();
        float[] row = new float[names.size()];
        for (int i = 0; i < row.length; i++) {
            String name = names.get(i);
            Float value = features.get(name);
            if (value == null) {
                throw new InvalidEventException(DeadLetterReason.MISSING_FEATURE, "feature '" + name
                        + "' is missing in event " + event.getEventId() + " from " + event.getDeviceId() + "; "
                        + spec.describe() + " needs " + names);
            }
            if (!Float.isFinite(value)) {
                throw new InvalidEventException(DeadLetterReason.NON_FINITE_FEATURE, "feature '" + name + "' is "
                        + value + " in event " + event.getEventId() + " from " + event.getDeviceId());
            }
            row[i] = value;
        }
        return row;
    }
}
