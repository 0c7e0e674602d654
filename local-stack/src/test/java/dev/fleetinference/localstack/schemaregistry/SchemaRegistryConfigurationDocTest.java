package dev.fleetinference.localstack.schemaregistry;

import dev.fleetinference.settings.testing.ConfigurationDoc;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigurationDocTest {

    @Test
    void theConfigurationPageListsEverySettingAsTheHelpDoes() {
        ConfigurationDoc.assertDocuments("schema-registry", SchemaRegistryOptions.COMMAND);
    }
}
