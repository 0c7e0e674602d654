package dev.fleetinference.localstack.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** Marks an integration test class that runs against one {@link TestStack}, shared by its tests. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StackExtension.class)
public @interface WithStack {

    /**
     * How many Kafka brokers: 1, or 3 for a cluster with replication factor 3 and min.insync.replicas 2, whose
     * brokers {@link TestStack#kafka()} can stop, kill and restart (the embedded stack only).
     */
    int brokers() default 1;

    /**
     * Whether Kafka runs secured (SASL_SSL, SCRAM-SHA-512, ACLs, no ACL meaning no access): clients then need {@link
     * TestStack#adminClientSettings()} or a principal's own. The embedded stack only; the default is an open cluster,
     * which the tests that are not about security use.
     */
    boolean secured() default false;
}
