package dev.fleetinference.devices.registry;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What a device may do on a secured cluster, as Kafka principals and ACLs: it writes the events topic, reads its own
 * predictions topic, and reads as its own consumer group. LITERAL ACLs only: a PREFIXED ACL on
 * {@code predictions.device-2} would also grant {@code predictions.device-20}.
 *
 * @param eventsTopic       the topic devices write their events to
 * @param predictionsPrefix the part of a device's predictions topic before its id
 */
public record DeviceAccess(String eventsTopic, String predictionsPrefix) {

    /** The part of a device's principal name (and consumer group) before its id. */
    public static final String PRINCIPAL_PREFIX = "device.";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The device's principal name: its id after {@link #PRINCIPAL_PREFIX}, so that no deviceId can name the admin's
     * or the pipeline's principal (a device registered as {@code admin} would otherwise be a super user).
     */
    public static String principalName(String deviceId) {
        return PRINCIPAL_PREFIX + deviceId;
    }

    /** The consumer group a device reads its predictions as. */
    public static String groupOf(String deviceId) {
        return principalName(deviceId);
    }

    /** A new SCRAM password: 24 random bytes, URL-safe base64. */
    public static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Every ACL the device needs. */
    public List<AclBinding> bindings(String deviceId) {
        String principal = "User:" + principalName(deviceId);
        String ownTopic = predictionsPrefix + deviceId;
        return List.of(
                allow(ResourceType.TOPIC, ownTopic, principal, AclOperation.READ),
                allow(ResourceType.TOPIC, ownTopic, principal, AclOperation.DESCRIBE),
                allow(ResourceType.TOPIC, eventsTopic, principal, AclOperation.WRITE),
                allow(ResourceType.GROUP, groupOf(deviceId), principal, AclOperation.READ));
    }

    /** The bindings of {@code deviceIds}, in one list for one request. */
    public List<AclBinding> bindings(Collection<String> deviceIds) {
        List<AclBinding> all = new ArrayList<>();
        deviceIds.forEach(id -> all.addAll(bindings(id)));
        return all;
    }

    /** Matches every ACL that names the device's principal, whatever its resource. */
    public static AclBindingFilter everyAclOf(String deviceId) {
        return new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                "User:" + principalName(deviceId), null, AclOperation.ANY, AclPermissionType.ANY));
    }

    private static AclBinding allow(ResourceType type, String name, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
