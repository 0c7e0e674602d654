package dev.fleetinference.benchmark;

import dev.fleetinference.settings.testing.ConfigurationDoc;
import org.junit.jupiter.api.Test;

class AclScaleConfigurationDocTest {

    @Test
    void theConfigurationPageListsEverySettingAsTheHelpDoes() {
        ConfigurationDoc.assertDocuments("acl-scale", AclScaleOptions.COMMAND);
    }
}
