package dev.fleetinference.demo;

import dev.fleetinference.settings.testing.ConfigurationDoc;
import org.junit.jupiter.api.Test;

class DemoConfigurationDocTest {

    @Test
    void theConfigurationPageListsEverySettingAsTheHelpDoes() {
        ConfigurationDoc.assertDocuments("demo", DemoOptions.COMMAND);
    }
}
