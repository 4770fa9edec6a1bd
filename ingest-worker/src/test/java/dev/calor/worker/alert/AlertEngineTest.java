package dev.calor.worker.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertEngineTest {

    private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
    private static final String PATIENT = "P-1";
    private static final String DEVICE = "D-1";

    /**
     * Table of clinical cases. A series is "value x minutes" groups of one reading per minute (core
     * site, so no correction); "!" after the value flags the reading detached; "~" marks a gap of that
     * many minutes. Expected alerts are "KIND TRANSITION @minute".
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "fever sustained 10 min raises once and clears once",
                        "",
                        "37.6x10 38.5x30 37.6x5 37.2x25",
                        List.of("FEVER RAISED @20", "FEVER CLEARED @50")),
                Arguments.of("fever shorter than 10 min raises nothing", "", "37.6x10 38.5x9 37.6x30", List.of()),
                Arguments.of(
                        "values flapping around the fever threshold never raise",
                        "",
                        "37.9x1 38.1x1 ".repeat(60),
                        List.of()),
                Arguments.of(
                        "values flapping inside the hysteresis band after a raise neither clear nor storm",
                        "",
                        "38.5x15 " + "37.6x1 37.9x1 ".repeat(30),
                        List.of("FEVER RAISED @10", "FEVER REMINDER @40", "FEVER REMINDER @70")),
                Arguments.of(
                        "a value between clear level and threshold keeps the fever active",
                        "",
                        "38.5x15 37.8x40",
                        List.of("FEVER RAISED @10", "FEVER REMINDER @40")),
                Arguments.of(
                        "high fever raises fever and high fever, each clears once",
                        "",
                        "39.4x20 37.0x20",
                        List.of(
                                "FEVER RAISED @10",
                                "HIGH_FEVER RAISED @10",
                                "FEVER CLEARED @30",
                                "HIGH_FEVER CLEARED @30")),
                Arguments.of(
                        "hyperpyrexia raises at once",
                        "",
                        "37.6x5 38.4x1 39.2x1 40.3x1 39.5x1 38.6x1 37.6x20",
                        List.of(
                                "RAPID_RISE RAISED @6",
                                "HYPERPYREXIA RAISED @7",
                                "HYPERPYREXIA CLEARED @18",
                                "RAPID_RISE CLEARED @20")),
                Arguments.of(
                        "rapid rise of 1.0 within 30 min raises, a plateau clears it",
                        "",
                        "36.8x10 37.3x5 37.5x5 37.9x5 37.9x50",
                        List.of("RAPID_RISE RAISED @20", "RAPID_RISE CLEARED @50")),
                Arguments.of(
                        "hypothermia sustained raises, recovery above 35.3 sustained clears",
                        "",
                        "36.0x5 34.8x15 35.2x10 35.6x15",
                        List.of("HYPOTHERMIA RAISED @15", "HYPOTHERMIA CLEARED @40")),
                Arguments.of(
                        "the patch's detached flag raises detachment and keeps fever rules quiet",
                        "",
                        "38.5x5 25.0!x20 37.0x5",
                        List.of("SENSOR_DETACHED RAISED @5", "SENSOR_DETACHED CLEARED @27")),
                Arguments.of(
                        "a fall toward ambient is detachment, not hypothermia",
                        "",
                        "36.5x10 29.0x20 36.5x5",
                        List.of("SENSOR_DETACHED RAISED @10", "SENSOR_DETACHED CLEARED @32")),
                Arguments.of(
                        "a fall of 3 degrees within 5 min is detachment",
                        "",
                        "36.5x10 33.4x20 36.5x5",
                        List.of("SENSOR_DETACHED RAISED @10", "SENSOR_DETACHED CLEARED @32")),
                Arguments.of(
                        "a gap longer than the no-data time restarts the sustain window",
                        "",
                        "38.5x8 ~20 38.5x8",
                        List.of()),
                Arguments.of(
                        "per-patient fever threshold and sustain apply",
                        "fever=37.5,clear=37.2,sustain=5",
                        "37.0x5 37.6x10 37.0x20",
                        List.of("FEVER RAISED @10", "FEVER CLEARED @25")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluatesClinicalCase(String name, String overrides, String series, List<String> expected) {
        Run run = new Run(rulesFrom(overrides));
        run.feed(series);
        assertThat(run.described()).as(name).containsExactlyElementsOf(expected);
    }

    @Test
    void alertIdsAreStableAndCarryTheEpisodeStart() {
        Run a = new Run(AlertRules.defaults());
        a.feed("37.6x10 38.5x30 37.6x5 37.2x25");
        Run b = new Run(AlertRules.defaults());
        b.feed("37.6x10 38.5x30 37.6x5 37.2x25");
        assertThat(a.alerts)
                .extracting(Alert::getAlertId)
                .containsExactlyElementsOf(
                        b.alerts.stream().map(Alert::getAlertId).toList());
        long episodeStart = T0.plus(Duration.ofMinutes(10)).toEpochMilli() * 1_000_000L;
        assertThat(a.alerts.get(0).getAlertId()).isEqualTo("P-1:FEVER:" + episodeStart + ":RAISED");
        assertThat(a.alerts.get(1).getAlertId()).isEqualTo("P-1:FEVER:" + episodeStart + ":CLEARED");
        assertThat(a.alerts.get(0).getMessage()).isEqualTo("Fever 38.5 °C (core est.) since 02:10 UTC, patch D-1");
        assertThat(a.alerts.get(0).getLate()).isFalse();
    }

    @Test
    void readingsNotNewerThanTheLastEvaluatedAreIgnored() {
        Run run = new Run(AlertRules.defaults());
        run.feed("37.0x10 38.5x30");
        PatientAlertState before = run.state;
        Evaluation again = run.engine.onReading(before, run.profile, run.reading(15, 38.5, 0));
        assertThat(again.state()).isSameAs(before);
        assertThat(again.alerts()).isEmpty();
    }

    @Test
    void backlogFromLongAgoIsEvaluatedInOrderAndMarkedLateWithoutReminders() {
        Run run = new Run(AlertRules.defaults());
        run.clockLag = Duration.ofHours(6);
        run.feed("37.6x10 38.5x70 37.6x5 37.2x25");
        assertThat(run.described()).containsExactly("FEVER RAISED @20", "FEVER CLEARED @90");
        assertThat(run.alerts).allMatch(Alert::getLate);
        assertThat(run.alerts.get(0).getMessage()).endsWith("[late: from a delayed backlog]");
    }

    @Test
    void silenceOfAnAssignedPatchRaisesNoDataOnceAndTheNextReadingClearsIt() {
        Run run = new Run(AlertRules.defaults());
        run.feed("37.0x5");
        List<String> ticks = new ArrayList<>();
        for (int minute = 5; minute <= 60; minute++) {
            run.clock.set(T0.plus(Duration.ofMinutes(minute)));
            Evaluation e = run.engine.onTick(run.state, run.profile, true);
            run.state = e.state();
            e.alerts().forEach(a -> ticks.add(run.describe(a)));
        }
        assertThat(ticks).containsExactly("NO_DATA RAISED @20", "NO_DATA REMINDER @50");
        run.feed("~56 37.0x1");
        assertThat(run.described()).last().isEqualTo("NO_DATA CLEARED @61");
    }

    @Test
    void noDataIsNotRaisedForAPatientWithoutAnAssignedPatch() {
        Run run = new Run(AlertRules.defaults());
        run.feed("37.0x5");
        run.clock.set(T0.plus(Duration.ofHours(2)));
        Evaluation e = run.engine.onTick(run.state, run.profile, false);
        assertThat(e.alerts()).isEmpty();
    }

    @Test
    void restartCountsSilenceFromTheRestart() {
        Run run = new Run(AlertRules.defaults());
        run.feed("37.0x5");
        run.clock.set(T0.plus(Duration.ofMinutes(40)));
        PatientAlertState resumed = run.engine.onStart(run.state);
        assertThat(run.engine.onTick(resumed, run.profile, true).alerts()).isEmpty();
        run.clock.set(T0.plus(Duration.ofMinutes(55)));
        assertThat(run.engine.onTick(resumed, run.profile, true).alerts()).hasSize(1);
    }

    @Test
    void lowBatteryRaisesAtThresholdAndClearsOnlyAboveTheHysteresisBand() {
        Run run = new Run(AlertRules.defaults());
        List<String> seen = new ArrayList<>();
        int[] levels = {18, 16, 15, 14, 16, 19, 15, 40};
        for (int i = 0; i < levels.length; i++) {
            long ns = run.ns(i);
            run.clock.set(T0.plus(Duration.ofMinutes(i)));
            Evaluation e = run.engine.onStatus(run.state, run.profile, DEVICE, ns, levels[i], 0);
            run.state = e.state();
            e.alerts().forEach(a -> seen.add(run.describe(a) + " " + a.getBatteryPercent()));
        }
        assertThat(seen).containsExactly("LOW_BATTERY RAISED @2 15", "LOW_BATTERY CLEARED @7 40");
    }

    @Test
    void patchFaultFlagRaisesDetachment() {
        Run run = new Run(AlertRules.defaults());
        Evaluation e = run.engine.onStatus(run.state, run.profile, DEVICE, run.ns(0), null, 1);
        assertThat(e.alerts()).extracting(run::describe).containsExactly("SENSOR_DETACHED RAISED @0");
    }

    private static AlertRules rulesFrom(String overrides) {
        AlertThresholds.Builder t = AlertThresholds.newBuilder();
        for (String kv : overrides.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            String[] p = kv.split("=");
            switch (p[0]) {
                case "fever" -> t.setFeverCelsius(Double.parseDouble(p[1]));
                case "clear" -> t.setFeverClearCelsius(Double.parseDouble(p[1]));
                case "sustain" ->
                    t.setFeverSustain(com.google.protobuf.Duration.newBuilder().setSeconds(Long.parseLong(p[1]) * 60));
                default -> throw new IllegalArgumentException(p[0]);
            }
        }
        return AlertRules.from(t.build());
    }

    /** Feeds one patient's readings through the engine, the clock following device time unless lagged. */
    private static final class Run {
        final MutableClock clock = new MutableClock(T0);
        final AlertEngine engine = new AlertEngine(clock, Duration.ofMinutes(30));
        final PatientProfile profile;
        final List<Alert> alerts = new ArrayList<>();
        PatientAlertState state = PatientAlertState.initial(PATIENT);
        Duration clockLag = Duration.ofSeconds(2);
        int minute;

        Run(AlertRules rules) {
            profile = new PatientProfile(PATIENT, rules, ZoneId.of("UTC"));
        }

        void feed(String series) {
            for (String group : series.trim().split("\\s+")) {
                if (group.startsWith("~")) {
                    minute += Integer.parseInt(group.substring(1));
                    continue;
                }
                String[] p = group.split("x");
                boolean detached = p[0].endsWith("!");
                double v = Double.parseDouble(detached ? p[0].substring(0, p[0].length() - 1) : p[0]);
                int flags = detached ? QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE : 0;
                for (int i = 0; i < Integer.parseInt(p[1]); i++) {
                    clock.set(T0.plus(Duration.ofMinutes(minute)).plus(clockLag));
                    Evaluation e = engine.onReading(state, profile, reading(minute, v, flags));
                    state = e.state();
                    alerts.addAll(e.alerts());
                    minute++;
                }
            }
        }

        ReadingInput reading(int atMinute, double celsius, int flags) {
            return new ReadingInput(DEVICE, ns(atMinute), celsius, celsius, flags);
        }

        long ns(int atMinute) {
            return T0.plus(Duration.ofMinutes(atMinute)).toEpochMilli() * 1_000_000L;
        }

        List<String> described() {
            return alerts.stream().map(this::describe).toList();
        }

        String describe(Alert a) {
            long at = (a.getEventTimeUnixNs() / 1_000_000L - T0.toEpochMilli()) / 60_000L;
            return AlertIds.shortName(a.getKind()) + " " + AlertIds.shortName(a.getTransition()) + " @" + at;
        }
    }
}
