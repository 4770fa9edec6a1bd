package dev.calor.sim.physiology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhysiologyTest {

    private static final double SKIN_TO_CORE = 1.0; // the ingest worker's default skin correction

    @Test
    void demoFeverShowsNormalThenFeverAbove385ThenPlateauThenBelow373WithinItsHundredSeconds() {
        Scenario demo = ScenarioLoader.read(Path.of("scenarios/demo-fever.yaml"));
        assertThat(demo.realSampleInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(demo.duration().dividedBy(demo.sampleInterval())).isEqualTo(100);
        Physiology body = new Physiology(demo);
        SplittableRandom random = new SplittableRandom(demo.seed());
        int firstAbove385 = -1;
        int lastAbove385 = -1;
        int firstBackBelow373 = -1;
        double max = 0;
        for (int k = 0; k < 100; k++) {
            BodySample s = body.sample(demo.sampleInterval().multipliedBy(k), random);
            double coreEquivalent = s.sensorC() + SKIN_TO_CORE;
            max = Math.max(max, coreEquivalent);
            if (k < 20) {
                assertThat(coreEquivalent).as("reading %d", k).isBetween(36.5, 37.3);
            }
            if (coreEquivalent > 38.5) {
                lastAbove385 = k;
                if (firstAbove385 < 0) {
                    firstAbove385 = k;
                }
            }
            if (lastAbove385 >= 0 && coreEquivalent < 37.3 && firstBackBelow373 < 0) {
                firstBackBelow373 = k;
            }
        }
        assertThat(firstAbove385).isBetween(30, 45);
        assertThat(lastAbove385 - firstAbove385).isGreaterThanOrEqualTo(25);
        assertThat(max).isBetween(39.3, 40.0);
        assertThat(firstBackBelow373).isBetween(80, 95);
    }

    @Test
    void aDetachedPatchFallsTowardAmbientAndWarmsUpAfterReattaching() {
        Scenario s = ScenarioLoader.read(Path.of("scenarios/detached-patch.yaml"));
        Physiology body = new Physiology(s);
        SplittableRandom random = new SplittableRandom(1);
        BodySample before = body.sample(Duration.ofMinutes(59), random);
        BodySample detached = body.sample(Duration.ofMinutes(80), random);
        BodySample reattached = body.sample(Duration.ofMinutes(91), random);
        BodySample settled = body.sample(Duration.ofMinutes(120), random);
        assertThat(before.detached()).isFalse();
        assertThat(before.sensorC()).isBetween(35.0, 36.8);
        assertThat(detached.detached()).isTrue();
        assertThat(detached.sensorC()).isBetween(21.5, 23.0);
        assertThat(reattached.warmingUp()).isTrue();
        assertThat(reattached.sensorC()).isLessThan(before.sensorC() - 1);
        assertThat(settled.warmingUp()).isFalse();
        assertThat(settled.sensorC()).isBetween(35.0, 36.8);
    }

    @Test
    void aSensorErrorGivesNaN() {
        Scenario s = ScenarioLoader.read(Path.of("scenarios/detached-patch.yaml"));
        BodySample failed = new Physiology(s).sample(Duration.ofMinutes(202), new SplittableRandom(1));
        assertThat(failed.sensorError()).isTrue();
        assertThat(failed.sensorC()).isNaN();
    }

    @Test
    void circadianRhythmPeaksAtTheConfiguredHour() {
        Scenario s = ScenarioLoader.read(Path.of("scenarios/healthy-day.yaml"));
        Physiology body = new Physiology(s);
        // start 07:00, peak 18:00 (t = 11 h), trough 06:00 (t = 23 h)
        assertThat(body.coreC(Duration.ofHours(11))).isCloseTo(36.8 + 0.35, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(body.coreC(Duration.ofHours(23))).isCloseTo(36.8 - 0.35, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void batteryDrainsLinearly() {
        Battery b = new Battery(new dev.calor.sim.scenario.BatterySpec(50.0, 10.0, 15));
        assertThat(b.percentAt(Duration.ZERO)).isEqualTo(50);
        assertThat(b.percentAt(Duration.ofHours(3))).isEqualTo(20);
        assertThat(b.lowAt(Duration.ofMinutes(210))).isTrue();
        assertThat(b.percentAt(Duration.ofHours(10))).isZero();
    }
}
