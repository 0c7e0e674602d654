package dev.fleetinference.devices.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What the scoring pipeline's principal may do, and no more: docs/security.md has it as a table. PREFIXED only on
 * names the pipeline owns by construction (its application id, under which Kafka Streams names its group,
 * transactional ids and internal topics; the predictions prefix, under which it writes every device's topic);
 * LITERAL on every topic it shares.
 *
 * @param applicationId     Kafka Streams' application id of the pipeline
 * @param eventsTopic       the devices' events, which it reads
 * @param deadLetterTopic   where it writes what it cannot score
 * @param devicesTopic      the device registry, which it reads (it holds the signing keys)
 * @param catalogTopic      the model registry's catalog, which it reads
 * @param predictionsPrefix the devices' predictions topics, which it writes (and creates again if one is deleted)
 */
public record PipelineAccess(String applicationId, String eventsTopic, String deadLetterTopic, String devicesTopic,
                             String catalogTopic, String predictionsPrefix) {

    public PipelineAccess {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(devicesTopic, "devicesTopic");
        Objects.requireNonNull(catalogTopic, "catalogTopic");
        Objects.requireNonNull(predictionsPrefix, "predictionsPrefix");
    }

    /** The ACLs of {@code User:<user>}. */
    public List<AclBinding> bindings(String user) {
        String principal = "User:" + user;
        List<AclBinding> acls = new ArrayList<>();
        // Kafka Streams' own resources: the group, the transactional ids, the changelog and repartition topics
        add(acls, principal, ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.READ,
                AclOperation.DESCRIBE);
        add(acls, principal, ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        add(acls, principal, ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL);
        add(acls, principal, ResourceType.TOPIC, eventsTopic, PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE);
        add(acls, principal, ResourceType.TOPIC, deadLetterTopic, PatternType.LITERAL, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        add(acls, principal, ResourceType.TOPIC, devicesTopic, PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE);
        add(acls, principal, ResourceType.TOPIC, catalogTopic, PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE);
        add(acls, principal, ResourceType.TOPIC, predictionsPrefix, PatternType.PREFIXED, AclOperation.WRITE,
                AclOperation.DESCRIBE, AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS);
        return List.copyOf(acls);
    }

    private static void add(List<AclBinding> acls, String principal, ResourceType type, String name,
                            PatternType pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
