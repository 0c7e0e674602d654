package dev.fleetinference.modelregistry.catalog;

import static dev.fleetinference.modelregistry.testing.TestVersions.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetinference.schemas.ModelStage;
import dev.fleetinference.schemas.ModelVersion;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CatalogStateTest {

    private final CatalogState state = new CatalogState();

    @Test
    void versionNumbersStartAtOnePerNameAndIncrease() {
        assertThat(state.nextVersion("anomaly")).isEqualTo(1);
        apply(version("anomaly", 1, ModelStage.NONE));
        apply(version("anomaly", 2, ModelStage.NONE));

        assertThat(state.nextVersion("anomaly")).isEqualTo(3);
        assertThat(state.nextVersion("other")).isEqualTo(1);
    }

    @Test
    void promotingArchivesTheVersionInProductionBeforePromotingTheNewOne() {
        apply(version("anomaly", 1, ModelStage.PRODUCTION));
        apply(version("anomaly", 2, ModelStage.STAGING));

        List<ModelVersion> records = state.stageChange("anomaly", 2, ModelStage.PRODUCTION);

        assertThat(records).extracting(ModelVersion::getVersion, ModelVersion::getStage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, ModelStage.ARCHIVED),
                        org.assertj.core.groups.Tuple.tuple(2, ModelStage.PRODUCTION));
    }

    @Test
    void rollingBackIsPromotingAnOlderVersion() {
        apply(version("anomaly", 1, ModelStage.ARCHIVED));
        apply(version("anomaly", 2, ModelStage.PRODUCTION));

        state.stageChange("anomaly", 1, ModelStage.PRODUCTION).forEach(this::apply);

        assertThat(state.production("anomaly")).map(ModelVersion::getVersion).contains(1);
        assertThat(state.version("anomaly", 2).getStage()).isEqualTo(ModelStage.ARCHIVED);
        assertThat(state.summaries()).containsExactly(new ModelSummary("anomaly", 2, OptionalInt.of(1)));
    }

    @Test
    void movingAVersionToTheStageItHasNeedsNoRecord() {
        apply(version("anomaly", 1, ModelStage.PRODUCTION));

        assertThat(state.stageChange("anomaly", 1, ModelStage.PRODUCTION)).isEmpty();
    }

    @Test
    void aRemovedVersionDisappearsButItsNumberIsNotGivenOutAgain() {
        apply(version("anomaly", 1, ModelStage.NONE));
        apply(version("anomaly", 2, ModelStage.NONE));

        state.apply(new CatalogEntry(CatalogTopic.key("anomaly", 2), 7, Optional.empty()));

        assertThat(state.versions("anomaly")).extracting(ModelVersion::getVersion).containsExactly(1);
        assertThat(state.nextVersion("anomaly")).isEqualTo(3);
    }

    @Test
    void anUnreadableRecordKeepsItsVersionNumberFromBeingGivenOutAgain() {
        apply(version("anomaly", 1, ModelStage.NONE));

        state.reserve(CatalogTopic.key("anomaly", 2));
        state.reserve(CatalogTopic.key("seen-only-unreadable", 4));
        state.reserve("a key of another tool");
        state.reserve(null);

        assertThat(state.nextVersion("anomaly")).isEqualTo(3);
        assertThat(state.nextVersion("seen-only-unreadable")).isEqualTo(5);
        assertThat(state.versions("anomaly")).extracting(ModelVersion::getVersion).containsExactly(1);
        assertThat(state.summaries()).extracting(ModelSummary::name).containsExactly("anomaly");
    }

    @Test
    void anUnknownModelOrVersionIsNamed() {
        apply(version("anomaly", 1, ModelStage.NONE));

        assertThatThrownBy(() -> state.versions("nope")).isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> state.stageChange("anomaly", 9, ModelStage.STAGING))
                .isInstanceOfSatisfying(UnknownModelException.class, e -> assertThat(e.version()).hasValue(9));
        assertThat(state.production("anomaly")).isEmpty();
    }

    private void apply(ModelVersion version) {
        state.apply(new CatalogEntry(CatalogTopic.key(version.getName(), version.getVersion()), 0, Optional.of(version)));
    }
}
