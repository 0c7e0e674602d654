package dev.fleetinference.streamapp.routing;

import dev.fleetinference.schemas.Prediction;
import java.util.Objects;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/** Sends each prediction to its device's own topic. */
public final class DeviceTopicRouter implements TopicNameExtractor<String, Prediction> {

    private final DeviceTopics topics;

    public DeviceTopicRouter(DeviceTopics topics) {
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    @Override
    public String extract(String deviceId, Prediction prediction, RecordContext context) {
        return topics.topicFor(prediction.getDeviceId());
    }
}
