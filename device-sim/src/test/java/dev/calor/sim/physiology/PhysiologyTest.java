package dev.calor.sim.physiology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
    void aChestPatchIsFurtherBelowCoreInAColdRoomAndLessUnderTheCoversAtNight() {
        Scenario warm = ScenarioLoader.parse(
                "startTime: \"12:00\"\nsensor: {site: SKIN, warmUp: 0s}\nroom: {dayC: 22.0, nightC: 16.0}\n", "warm");
        Scenario cold = ScenarioLoader.parse(
                "startTime: \"12:00\"\nsensor: {site: SKIN, warmUp: 0s}\nroom: {dayC: 16.0, nightC: 16.0}\n", "cold");
        Scenario armpit = ScenarioLoader.parse(
                "startTime: \"12:00\"\nsensor: {site: AXILLA, warmUp: 0s}\nroom: {dayC: 16.0}\n", "armpit");
        Scenario rectal = ScenarioLoader.parse(
                "startTime: \"12:00\"\nsensor: {site: RECTAL, warmUp: 0s}\nroom: {dayC: 16.0}\n", "rectal");
        Duration noon = Duration.ZERO;
        Duration midnight = Duration.ofHours(12);
        assertThat(new Physiology(warm).gradientC(noon)).isCloseTo(1.0, within(1e-9));
        assertThat(new Physiology(cold).gradientC(noon)).isCloseTo(1.0 + 6 * 0.12, within(1e-9));
        // at night in bed the chest feels halfway between the 16 °C room and the 30 °C bed: 23 °C
        assertThat(new Physiology(warm).gradientC(midnight)).isCloseTo(1.0 - 0.12, within(1e-9));
        assertThat(new Physiology(armpit).gradientC(noon)).isCloseTo(0.5 + 6 * 0.04, within(1e-9));
        assertThat(new Physiology(rectal).gradientC(noon)).isZero();
    }

    @Test
    void chillsWidenTheGradientAtTheStartOfAFeverAndActivityNarrowsIt() {
        Scenario s = ScenarioLoader.parse(
                """
                startTime: "12:00"
                sensor: {site: SKIN, warmUp: 0s}
                events:
                  - {type: fever, at: 1h, peakCoreC: 39.5, riseCPerHour: 1.0, plateau: 1h, fallCPerHour: 1.0, chills: true}
                  - {type: activity, at: 5h, duration: 30m}
                """,
                "chills");
        Physiology body = new Physiology(s);
        assertThat(body.gradientC(Duration.ofMinutes(30))).isCloseTo(1.0, within(1e-9));
        assertThat(body.gradientC(Duration.ofMinutes(70))).isCloseTo(1.8, within(1e-9));
        assertThat(body.gradientC(Duration.ofMinutes(95))).isCloseTo(1.0, within(1e-9));
        assertThat(body.gradientC(Duration.ofMinutes(310))).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void anAntipyreticLowersAFeverForSomeHoursThenItWearsOff() {
        String fever = "events:\n  - {type: fever, at: 0s, peakCoreC: 39.9, riseCPerHour: 10.0, plateau: 12h,"
                + " fallCPerHour: 1.0%s}\npatient: {circadianAmplitudeC: 0.0}\n";
        Physiology plain = new Physiology(ScenarioLoader.parse(fever.formatted(""), "plain"));
        Physiology dosed = new Physiology(
                ScenarioLoader.parse(fever.formatted(", antipyretics: [{at: 2h, dropC: 1.5}]"), "dosed"));
        assertThat(dosed.coreC(Duration.ofHours(2))).isEqualTo(plain.coreC(Duration.ofHours(2)));
        double twoHoursAfter = plain.coreC(Duration.ofHours(4)) - dosed.coreC(Duration.ofHours(4));
        double tenHoursAfter = plain.coreC(Duration.ofHours(12)) - dosed.coreC(Duration.ofHours(12));
        assertThat(twoHoursAfter).isBetween(0.7, 1.5);
        assertThat(tenHoursAfter).isBetween(0.0, 0.2);
    }

    @Test
    void aGlitchIsOneUnflaggedReadingAFewDegreesOff() {
        Scenario s = ScenarioLoader.parse(
                "sensor: {site: SKIN, warmUp: 0s, noiseC: 0.0}\nevents:\n  - {type: glitch, at: 10m}\n", "glitch");
        Physiology body = new Physiology(s);
        double before =
                body.sample(Duration.ofMinutes(9), new SplittableRandom(5)).sensorC();
        BodySample glitch = body.sample(Duration.ofMinutes(10), new SplittableRandom(5));
        double after =
                body.sample(Duration.ofMinutes(11), new SplittableRandom(5)).sensorC();
        assertThat(Math.abs(glitch.sensorC() - before)).isBetween(1.9, 4.1);
        assertThat(glitch.sensorError() || glitch.detached()).isFalse();
        assertThat(after).isCloseTo(before, within(0.05));
    }

    @Test
    void aScenarioWrittenOutReadsBackEqual() {
        Scenario s = ScenarioLoader.read(Path.of("scenarios/demo-fever.yaml"));
        assertThat(ScenarioLoader.parse(ScenarioLoader.toYaml(s), "round trip")).isEqualTo(s);
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
