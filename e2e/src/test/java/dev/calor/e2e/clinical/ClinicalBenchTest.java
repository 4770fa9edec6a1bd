package dev.calor.e2e.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.sim.physiology.ScenarioTruth;
import dev.calor.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The reduced clinical benchmark inside {@code ./calor test}: every third scenario of the library through
 * the real alert engine must meet the targets, and every file's truth must be what device-sim's body model gives.
 */
class ClinicalBenchTest {

    private static final Path LIBRARY = Path.of("clinical-scenarios");

    @Test
    void theLibraryHasAtLeastFortyScenariosWhoseTruthMatchesTheirBodyModel() {
        List<Scenario> all = ClinicalScenarios.readAll(LIBRARY);
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        assertThat(all).allSatisfy(s -> assertThat(s.truth()).as(s.name()).isEqualTo(ScenarioTruth.of(s)));
        assertThat(all.stream().mapToLong(s -> s.truth().size()).sum()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aReducedRunMeetsTheClinicalTargets() {
        List<Scenario> all = ClinicalScenarios.readAll(LIBRARY);
        List<Scenario> reduced = IntStream.range(0, all.size())
                .filter(i -> i % 3 == 0)
                .mapToObj(all::get)
                .toList();
        ClinicalScore.Result r = ClinicalScore.score(reduced);
        assertThat(r.trueEpisodes()).isGreaterThanOrEqualTo(8);
        assertThat(r.failedTargets(ClinicalBenchCommand.DEFAULT_SUSTAIN))
                .as("targets missed; misses: %s", r.misses())
                .isEmpty();
    }

    @Test
    void aSkinPatchInAColdRoomRaisesNoCriticalHypothermia() {
        Scenario cold = ClinicalScenarios.readAll(LIBRARY).stream()
                .filter(s -> s.name().startsWith("cold-room"))
                .findFirst()
                .orElseThrow();
        assertThat(ClinicalRun.alerts(cold))
                .noneMatch(a -> a.getKind() == dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPOTHERMIA);
    }
}
