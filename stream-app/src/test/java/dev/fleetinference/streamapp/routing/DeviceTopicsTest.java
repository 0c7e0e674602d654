package dev.fleetinference.streamapp.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.schemas.ModelLineage;
import dev.fleetinference.schemas.Prediction;
import dev.fleetinference.streamapp.validation.DeadLetterReason;
import dev.fleetinference.streamapp.validation.InvalidEventException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each device's predictions topic name: the prefix and the deviceId, legal in Kafka and at most 249 characters. */
class DeviceTopicsTest {

    private final DeviceTopics topics = new DeviceTopics("predictions.");

    @Test
    void aDevicesTopicIsThePrefixFollowedByItsId() {
        assertThat(topics.topicFor("device-0001")).isEqualTo("predictions.device-0001");
        assertThat(topics.maxDeviceIdLength()).isEqualTo(249 - "predictions.".length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"device-0001", "D", "a.b_c-D9", "a..", "_"})
    void idsOfLettersDigitsDotsUnderscoresAndDashesAreLegal(String deviceId) {
        assertThatCode(() -> topics.checkDeviceId(deviceId, "e-1")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad/id", ".", "..", "...", "with space", "tab\t", "ümlaut", "a:b", "a*", "emoji\uD83D\uDE00"})
    void idsWithOtherCharactersAreIllegalNamingTheIdAndTheEvent(String deviceId) {
        assertThatThrownBy(() -> topics.checkDeviceId(deviceId, "e-1"))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.ILLEGAL_DEVICE_ID))
                .hasMessageContaining("'" + deviceId + "'")
                .hasMessageContaining("event e-1")
                .hasMessageContaining("[a-zA-Z0-9._-]");
    }

    @Test
    void anIdWhoseTopicNameIsExactly249CharactersLongIsLegal() {
        String longest = "d".repeat(topics.maxDeviceIdLength());

        assertThatCode(() -> topics.checkDeviceId(longest, "e-1")).doesNotThrowAnyException();
        assertThat(topics.topicFor(longest)).hasSize(249);
    }

    @Test
    void anIdOneCharacterLongerIsTooLongSayingHowLongItMayBe() {
        String tooLong = "d".repeat(topics.maxDeviceIdLength() + 1);

        assertThatThrownBy(() -> topics.checkDeviceId(tooLong, "e-1"))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.DEVICE_ID_TOO_LONG))
                .hasMessageContaining("event e-1")
                .hasMessageContaining("has 238 characters")
                .hasMessageContaining("at most 237")
                .hasMessageContaining("'predictions.'");
    }

    @Test
    void aLongerPrefixLeavesRoomForShorterIds() {
        DeviceTopics longPrefix = new DeviceTopics("p".repeat(240));

        assertThat(longPrefix.maxDeviceIdLength()).isEqualTo(9);
        assertThatCode(() -> longPrefix.checkDeviceId("123456789", "e-1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> longPrefix.checkDeviceId("1234567890", "e-1"))
                .isInstanceOf(InvalidEventException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"predictions/", "pre fix.", "prédictions."})
    void aPrefixThatIsNoLegalTopicNameIsRefused(String prefix) {
        assertThatThrownBy(() -> new DeviceTopics(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix '" + prefix + "'");
    }

    @Test
    void aPrefixMustLeaveRoomForAtLeastOneCharacterOfDeviceId() {
        assertThat(new DeviceTopics("p".repeat(248)).maxDeviceIdLength()).isEqualTo(1);
        assertThatThrownBy(() -> new DeviceTopics("p".repeat(249)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must leave room for a deviceId in 249 characters");
    }

    @Test
    void theRouterSendsAPredictionToTheTopicOfTheDeviceItNames() {
        Prediction prediction = Prediction.newBuilder().setEventId(UUID.randomUUID()).setDeviceId("device-0042")
                .setModel(new ModelLineage("anomaly", 1, "ab".repeat(32))).setScore(0.5f).setLabel("normal")
                .setEventTime(Instant.EPOCH).setScoredTime(Instant.EPOCH).build();

        assertThat(new DeviceTopicRouter(topics).extract("device-0042", prediction, null))
                .isEqualTo("predictions.device-0042");
    }
}
