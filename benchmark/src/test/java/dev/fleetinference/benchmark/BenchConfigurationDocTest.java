package dev.fleetinference.benchmark;

import dev.fleetinference.settings.testing.ConfigurationDoc;
import org.junit.jupiter.api.Test;

class BenchConfigurationDocTest {

    @Test
    void theConfigurationPageListsEverySettingAsTheHelpDoes() {
        ConfigurationDoc.assertDocuments("bench", BenchOptions.COMMAND);
    }
}
