package dev.fleetinference.streamapp;

import dev.fleetinference.streamapp.pipeline.PipelineTopics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import dev.fleetinference.devices.RegistryTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the events and dead-letter topics at start if they do not exist, so a new deployment works without a
 * separate setup step; existing topics are never changed. Fails fast, naming the cluster, if Kafka cannot be reached.
 */
final class PipelineTopicsSetup {

    private static final Logger log = LoggerFactory.getLogger(PipelineTopicsSetup.class);

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    PipelineTopicsSetup(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    void ensure(PipelineTopics topics, int partitions) {
        // the registry creates its topic too: whichever starts first, the pipeline can follow it from the start
        RegistryTopic.ensure(admin, topics.devices(), timeout);
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (String topic : List.of(topics.events(), topics.deadLetters())) {
                if (existing.contains(topic)) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("created topic {} with {} partitions", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot check or create the topics " + topics.events() + " and "
                    + topics.deadLetters() + " at Kafka " + bootstrapServers + " within " + timeout.toSeconds()
                    + " s (is the cluster reachable?): " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the pipeline's topics", e);
        }
    }
}
