package dev.fleetinference.localstack;

import dev.fleetinference.localstack.kafka.KafkaCluster;
import dev.fleetinference.modelregistry.catalog.CatalogTopic;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The registries' own Kafka principals on a secured stack, each allowed its own topic and nothing else:
 * {@code User:schema-registry} on {@code _schemas}, {@code User:model-registry} on {@code _model-registry} (create,
 * read, write, describe, describe its configs). A new password at every start: the stack starts the registries
 * itself, so nothing else needs it.
 *
 * @param schemaRegistry the schema registry's client settings; empty on an open cluster
 * @param modelRegistry  the model registry's client settings; empty on an open cluster
 */
record RegistryPrincipals(Map<String, String> schemaRegistry, Map<String, String> modelRegistry) {

    static final String SCHEMA_REGISTRY = "schema-registry";
    static final String MODEL_REGISTRY = "model-registry";
    private static final String SCHEMAS_TOPIC = "_schemas";
    private static final List<AclOperation> OWN_TOPIC = List.of(AclOperation.CREATE, AclOperation.READ,
            AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The principals on {@code kafka}, made (or given new passwords) as its admin; none on an open cluster. */
    static RegistryPrincipals of(KafkaCluster kafka) {
        if (kafka.adminClientSettings().isEmpty()) {
            return new RegistryPrincipals(Map.of(), Map.of());
        }
        String schemaPassword = password();
        String modelPassword = password();
        Map<String, Object> admin = new HashMap<>(kafka.adminClientSettings());
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(SCHEMA_REGISTRY,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), schemaPassword),
                    new UserScramCredentialUpsertion(MODEL_REGISTRY,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), modelPassword)))
                    .all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>(ownTopic(SCHEMA_REGISTRY, SCHEMAS_TOPIC));
            acls.addAll(ownTopic(MODEL_REGISTRY, CatalogTopic.DEFAULT_NAME));
            client.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot make the registries' principals: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not make the registries' principals within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the registries' principals", e);
        }
        return new RegistryPrincipals(kafka.clientSettings(SCHEMA_REGISTRY, schemaPassword),
                kafka.clientSettings(MODEL_REGISTRY, modelPassword));
    }

    private static List<AclBinding> ownTopic(String user, String topic) {
        return OWN_TOPIC.stream().map(operation -> new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW))).toList();
    }

    private static String password() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // the generated toString would print the passwords
    @Override
    public String toString() {
        return "RegistryPrincipals[" + SCHEMA_REGISTRY + ", " + MODEL_REGISTRY + "]";
    }
}
