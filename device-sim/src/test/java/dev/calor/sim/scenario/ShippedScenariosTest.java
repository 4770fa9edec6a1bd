package dev.calor.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.sim.physiology.ScenarioTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scenario files shipped in device-sim/scenarios load, and each carries the truth its body model gives. */
class ShippedScenariosTest {

    @Test
    void everyShippedScenarioLoadsAndCarriesItsTruth() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("scenarios"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : files) {
            assertThat(Files.readString(f)).as("%s states its truth", f).containsPattern("(?m)^truth:");
            Scenario s = ScenarioLoader.read(f);
            assertThat(s.truth()).as("%s truth", f).isEqualTo(ScenarioTruth.of(s));
        }
    }

    @Test
    void theDemoFeverIsATrueFeverReachingHighFeverThatMustBeToldWithinTwentyMinutes() {
        Scenario demo = ScenarioLoader.read(Path.of("scenarios/demo-fever.yaml"));
        assertThat(demo.truth()).singleElement().satisfies(e -> {
            assertThat(e.family()).isEqualTo("FEVER");
            assertThat(e.expectedKinds()).containsExactly("FEVER", "HIGH_FEVER");
            assertThat(e.latestAlert()).isEqualTo(e.onset().plus(ScenarioTruth.LATEST_AFTER_ONSET));
        });
    }

    @Test
    void refusesATruthWithoutKindsOrEndingBeforeItsOnset() {
        assertThat(Scenario.defaults()
                        .withTruth(List.of(new TrueEpisode(
                                "FEVER",
                                java.time.Duration.ofHours(2),
                                java.time.Duration.ofHours(1),
                                List.of(),
                                java.time.Duration.ofHours(3))))
                        .problems())
                .containsExactly(
                        "truth[0].expectedKinds must name at least one kind", "truth[0].end must not be before onset");
    }
}
