package dev.fleetinference.benchmark;

import dev.fleetinference.devices.registry.DeviceAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Takes the registered devices' ACLs away and gives them back, but for the probe's, so that a step's two states differ
 * in their ACLs only (same topics, same credentials). Each change waits until the broker's authorizer holds the new
 * count: ACLs reach it through the metadata log a moment after the controller took them.
 */
final class DeviceAclSwitch {

    // KRaft takes at most 10,000 records in one request
    private static final int CHUNK = 5_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Admin admin;
    private final DeviceAccess access;
    private final String probe;

    DeviceAclSwitch(Admin admin, DeviceAccess access, String probe) {
        this.admin = admin;
        this.access = access;
        this.probe = probe;
    }

    /**
     * Removes every device's ACLs, then gives the probe's back; returns when the broker holds {@code expected} in all.
     * One filter per kind of device ACL, each in a request of its own: a filter per binding is matched against every
     * ACL by the controller (40,000 of each took it past a request's timeout), and KRaft removes at most 10,000 ACLs
     * per request. {@code pipeline}'s LITERAL ACLs, which those filters would also match, go first and come back after.
     */
    void remove(List<AclBinding> pipeline, int expected) {
        List<AclBinding> literal = pipeline.stream()
                .filter(acl -> acl.pattern().patternType() == PatternType.LITERAL).toList();
        await(admin.deleteAcls(literal.stream().map(AclBinding::toFilter).toList()).all(),
                "delete the pipeline's LITERAL ACLs");
        for (ResourceType type : List.of(ResourceType.TOPIC, ResourceType.GROUP)) {
            for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.WRITE)) {
                await(admin.deleteAcls(List.of(new AclBindingFilter(new ResourcePatternFilter(type, null,
                        PatternType.LITERAL), new AccessControlEntryFilter(null, null, operation,
                        AclPermissionType.ANY)))).all(), "delete the devices' " + operation + " ACLs on " + type);
            }
        }
        // the probe's own and the devices' shared WRITE, which the filters above removed too
        List<AclBinding> back = new ArrayList<>(access.bindings(List.of(probe)));
        back.addAll(literal);
        await(admin.createAcls(back).all(), "give the probe's and the pipeline's LITERAL ACLs back");
        awaitCount(expected);
    }

    /** Gives the ACLs of {@code devices} back; returns when the broker holds {@code expected} in all. */
    void restore(Collection<String> devices, int expected) {
        List<AclBinding> bindings = others(devices);
        for (int from = 0; from < bindings.size(); from += CHUNK) {
            await(admin.createAcls(bindings.subList(from, Math.min(bindings.size(), from + CHUNK))).all(),
                    "create device ACLs");
        }
        awaitCount(expected);
    }

    /** The ACL bindings the broker's authorizer holds now (a broker answers DescribeAcls from its own). */
    int count() {
        return await(admin.describeAcls(AclBindingFilter.ANY).values(), "describe the ACLs").size();
    }

    private List<AclBinding> others(Collection<String> devices) {
        List<AclBinding> bindings = new ArrayList<>();
        devices.stream().filter(id -> !id.equals(probe)).forEach(id -> bindings.addAll(access.bindings(id)));
        return bindings;
    }

    /** Returns when the broker's authorizer holds {@code expected} bindings (after a registration, say). */
    void awaitCount(int expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int count;
        while ((count = count()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailedException("the broker holds " + count + " ACL bindings, not the " + expected
                        + " expected, " + TIMEOUT + " after the change");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BenchFailedException("cannot " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BenchFailedException("the cluster did not " + what + " within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailedException("interrupted while trying to " + what, e);
        }
    }
}
