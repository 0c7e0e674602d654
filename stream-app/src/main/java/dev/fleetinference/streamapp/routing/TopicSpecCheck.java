package dev.fleetinference.streamapp.routing;

import dev.fleetinference.devices.PredictionTopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Compares topics that existed already (another instance, the device registry or an operator made them) with the
 * spec this app creates predictions topics with: their partition count, from their descriptions, and their
 * retention, from one request for their configs.
 */
final class TopicSpecCheck {

    private final Admin admin;
    private final PredictionTopicSpec spec;

    TopicSpecCheck(Admin admin, PredictionTopicSpec spec) {
        this.admin = admin;
        this.spec = spec;
    }

    /** The topics of {@code described} that differ from the spec; asks for their configs within {@code deadline}. */
    List<TopicSpecMismatch> mismatches(Collection<TopicDescription> described, Deadline deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (described.isEmpty()) {
            return List.of();
        }
        List<ConfigResource> resources = described.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources,
                        new DescribeConfigsOptions().timeoutMs(deadline.requestTimeoutMillis()))
                .all().get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        List<TopicSpecMismatch> mismatches = new ArrayList<>();
        for (TopicDescription topic : described) {
            List<String> differences = new ArrayList<>();
            if (topic.partitions().size() != spec.partitions()) {
                differences.add(topic.partitions().size() + " partition(s), " + spec.partitions() + " configured");
            }
            ConfigEntry retention = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                    .get(TopicConfig.RETENTION_MS_CONFIG);
            if (retention != null && retention.value() != null
                    && Long.parseLong(retention.value()) != spec.retention().toMillis()) {
                differences.add("retention " + readable(Long.parseLong(retention.value())) + ", "
                        + readable(spec.retention().toMillis()) + " configured");
            }
            if (!differences.isEmpty()) {
                mismatches.add(new TopicSpecMismatch(topic.name(), differences));
            }
        }
        return mismatches;
    }

    // retention.ms = -1 keeps records for ever
    private static String readable(long retentionMillis) {
        return retentionMillis < 0 ? "unlimited" : Duration.ofMillis(retentionMillis).toString();
    }
}
