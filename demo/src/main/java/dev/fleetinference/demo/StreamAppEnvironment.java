package dev.fleetinference.demo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the demo tells the stream app, as the {@code FLEET_*} environment variables it reads (the stream app's own
 * {@code StreamAppConfig} is what it makes of them).
 *
 * @param bootstrapServers  the Kafka cluster
 * @param schemaRegistryUrl the schema registry the Avro serdes use
 * @param modelRegistryUrl  where the production model's artifact is downloaded from
 * @param modelName         the model to serve
 * @param httpPort          the port of its health and metrics endpoints, on 127.0.0.1 only
 * @param stateDir          Kafka Streams' state directory
 * @param applicationId     Kafka Streams' application id, shared by the instances of one pipeline
 * @param instanceId        this instance's name
 * @param eventsPartitions  the partitions of the events topic if the app creates it; empty for the app's default
 * @param config            its config file (the pipeline principal's Kafka settings, as kafka.* keys), if any
 * @param registryToken     the model registry's read token, which a secured stack's registry wants for downloads
 * @param schemaRegistryUserInfo "user:password" of a secured stack's schema registry, for the app's own schemas
 */
record StreamAppEnvironment(String bootstrapServers, String schemaRegistryUrl, String modelRegistryUrl,
                            String modelName, int httpPort, Path stateDir, String applicationId, String instanceId,
                            OptionalInt eventsPartitions, Optional<Path> config, Optional<String> registryToken,
                            Optional<String> schemaRegistryUserInfo) {

    /** An app that creates the events topic with its own default partitions. */
    StreamAppEnvironment(String bootstrapServers, String schemaRegistryUrl, String modelRegistryUrl, String modelName,
                         int httpPort, Path stateDir, String applicationId, String instanceId) {
        this(bootstrapServers, schemaRegistryUrl, modelRegistryUrl, modelName, httpPort, stateDir, applicationId,
                instanceId, OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    StreamAppEnvironment {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(modelRegistryUrl, "modelRegistryUrl");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(eventsPartitions, "eventsPartitions");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registryToken, "registryToken");
        Objects.requireNonNull(schemaRegistryUserInfo, "schemaRegistryUserInfo");
    }

    /** The base of its HTTP endpoints. */
    String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The variables that set each field. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEET_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("FLEET_SCHEMA_REGISTRY_URL", schemaRegistryUrl);
        env.put("FLEET_MODEL_REGISTRY_URL", modelRegistryUrl);
        env.put("FLEET_MODEL_NAME", modelName);
        // its health and metrics are for this machine only
        env.put("FLEET_HTTP_HOST", "127.0.0.1");
        env.put("FLEET_HTTP_PORT", Integer.toString(httpPort));
        env.put("FLEET_STATE_DIR", stateDir.toAbsolutePath().toString());
        env.put("FLEET_APPLICATION_ID", applicationId);
        env.put("FLEET_INSTANCE_ID", instanceId);
        eventsPartitions.ifPresent(n -> env.put("FLEET_EVENTS_PARTITIONS", Integer.toString(n)));
        config.ifPresent(file -> env.put("FLEET_CONFIG", file.toAbsolutePath().toString()));
        // the child's environment is readable by this user only (/proc/<pid>/environ), unlike its command line
        registryToken.ifPresent(token -> env.put("FLEET_REGISTRY_TOKEN", token));
        schemaRegistryUserInfo.ifPresent(info -> env.put("FLEET_SCHEMA_REGISTRY_USER_INFO", info));
        return env;
    }

    // the generated toString would print the token and the password
    @Override
    public String toString() {
        return "StreamAppEnvironment[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", modelRegistryUrl=" + modelRegistryUrl + ", modelName=" + modelName + ", httpPort=" + httpPort
                + ", stateDir=" + stateDir + ", applicationId=" + applicationId + ", instanceId=" + instanceId
                + ", eventsPartitions=" + eventsPartitions + ", config=" + config + ", registryToken="
                + registryToken.map(t -> "****").orElse("none") + ", schemaRegistryUserInfo="
                + schemaRegistryUserInfo.map(i -> "****").orElse("none") + "]";
    }
}
