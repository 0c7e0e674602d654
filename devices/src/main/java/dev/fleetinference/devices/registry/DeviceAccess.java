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
 * What a device may do on a secured cluster, as Kafka principals and ACLs: it reads its own predictions topic and
 * reads as its own consumer group, with LITERAL ACLs of its own (a PREFIXED ACL on {@code predictions.device-2} would
 * also grant {@code predictions.device-20}); it writes the events topic through one ACL every device shares.
 *
 * <p>Why one shared WRITE and not one per device: the broker checks each produce request against every ACL of the
 * resource, so with a WRITE per device on the one events topic a device's request cost grew with the fleet (10x the
 * broker CPU at 10,000 devices: docs/performance.md, "The ACL model at fleet scale"). The WRITE proves nothing about
 * who speaks anyway (Kafka does not tell the pipeline who produced a record): the event's signature does. A revoked
 * device has no credential left to log in with.
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

    /** Every ACL of the device's own. */
    public List<AclBinding> bindings(String deviceId) {
        String principal = "User:" + principalName(deviceId);
        String ownTopic = predictionsPrefix + deviceId;
        return List.of(
                allow(ResourceType.TOPIC, ownTopic, principal, AclOperation.READ),
                allow(ResourceType.TOPIC, ownTopic, principal, AclOperation.DESCRIBE),
                allow(ResourceType.GROUP, groupOf(deviceId), principal, AclOperation.READ));
    }

    /** The ACL every device shares: WRITE on the events topic, for any authenticated principal. */
    public AclBinding sharedWrite() {
        return allow(ResourceType.TOPIC, eventsTopic, "User:*", AclOperation.WRITE);
    }

    /** The bindings of {@code deviceIds} and the shared one, in one list for one request. */
    public List<AclBinding> bindings(Collection<String> deviceIds) {
        List<AclBinding> all = new ArrayList<>();
        // first: the registry waits for the last device's ACLs, and the log applies a request's ACLs in order
        if (!deviceIds.isEmpty()) {
            all.add(sharedWrite());
        }
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
