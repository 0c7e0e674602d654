package dev.fleetinference.trainer;

import dev.fleetinference.settings.testing.ConfigurationDoc;
import org.junit.jupiter.api.Test;

class TrainerConfigurationDocTest {

    @Test
    void theConfigurationPageListsEverySettingAsTheHelpDoes() {
        ConfigurationDoc.assertDocuments("trainer-train", TrainOptions.COMMAND);
        ConfigurationDoc.assertDocuments("trainer-register", RegisterOptions.COMMAND);
    }
}
