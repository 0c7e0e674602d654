package dev.fleetinference.simulator;

import dev.fleetinference.settings.testing.ConfigurationDoc;
import org.junit.jupiter.api.Test;

class SimulatorConfigurationDocTest {

    @Test
    void theConfigurationPageListsEverySettingAsTheHelpDoes() {
        ConfigurationDoc.assertDocuments("simulate", SimulatorOptions.COMMAND);
    }
}
