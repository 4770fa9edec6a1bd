package dev.calor.worker.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.MeasurementSite;
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
                        "a fever whose median stays above 38.0 raises once and clears once",
                        "",
                        "37.6x10 38.5x30 37.6x5 37.2x25",
                        List.of("FEVER RAISED @15", "FEVER REMINDER @45", "FEVER CLEARED @47")),
                Arguments.of(
                        "a fever shorter than half the sustain window raises nothing",
                        "",
                        "37.6x10 38.5x5 37.6x30",
                        List.of()),
                Arguments.of(
                        "a fever hovering around the threshold (37.9/38.1) raises and does not clear",
                        "",
                        "37.9x1 38.1x1 ".repeat(60),
                        List.of("FEVER RAISED @11", "FEVER REMINDER @41", "FEVER REMINDER @71", "FEVER REMINDER @101")),
                Arguments.of(
                        "noise around a normal temperature (37.1/37.9) never raises",
                        "",
                        "37.1x1 37.9x1 ".repeat(120),
                        List.of()),
                Arguments.of(
                        "single glitches neither raise a fever nor look like a detachment",
                        "",
                        "37.0x20 39.5x1 37.0x20 41.5x1 37.0x20 38.6x1 37.0x1 38.6x1 37.0x20",
                        List.of()),
                Arguments.of(
                        "values flapping inside the hysteresis band after a raise neither clear nor storm",
                        "",
                        "38.5x15 " + "37.6x1 37.9x1 ".repeat(30),
                        List.of("FEVER RAISED @10", "FEVER REMINDER @40", "FEVER REMINDER @70")),
                Arguments.of(
                        "one fever episode moves from rapid rise to high fever and back to fever, then clears once",
                        "",
                        "37.0x10 39.4x30 38.4x20 37.0x20",
                        List.of(
                                "RAPID_RISE RAISED @12",
                                "FEVER UPDATED @15",
                                "HIGH_FEVER UPDATED @17",
                                "FEVER UPDATED @46",
                                "FEVER CLEARED @65")),
                Arguments.of(
                        "40.5 degrees is high fever, not hyperpyrexia",
                        "",
                        "38.0x1 40.5x30 39.5x2 38.5x2 37.0x20",
                        List.of("HIGH_FEVER RAISED @10", "FEVER UPDATED @38", "FEVER CLEARED @40")),
                Arguments.of(
                        "hyperpyrexia at 41.0 sustained 2 minutes is an update of the fever episode",
                        "",
                        "38.2x12 41.3x10 39.5x2 38.2x20 36.8x20",
                        List.of(
                                "FEVER RAISED @10",
                                "HYPERPYREXIA UPDATED @14",
                                "HIGH_FEVER UPDATED @26",
                                "FEVER UPDATED @30",
                                "FEVER CLEARED @48")),
                Arguments.of(
                        "a slow rise that stays below fever gives no early warning",
                        "",
                        "36.6x10 37.0x10 37.3x10 37.3x30",
                        List.of()),
                Arguments.of(
                        "a rapid rise of 1.0 within 30 min that stops short of fever warns, then clears",
                        "",
                        "36.6x10 37.1x5 37.4x5 37.7x5 37.7x50",
                        List.of("RAPID_RISE RAISED @22", "RAPID_RISE CLEARED @49")),
                Arguments.of(
                        "hypothermia at a corroborating site raises a critical episode and clears it",
                        "",
                        "36.0x5 34.8x15 35.6x20",
                        List.of("HYPOTHERMIA RAISED @12", "HYPOTHERMIA CLEARED @26")),
                Arguments.of(
                        "a low skin reading alone is only a possible poor contact or cold room",
                        "",
                        "36.0sx5 34.8sx15 36.0sx20",
                        List.of("LOW_SKIN_TEMPERATURE RAISED @10", "LOW_SKIN_TEMPERATURE CLEARED @26")),
                Arguments.of(
                        "a low skin reading corroborated by a core reading becomes hypothermia in the same episode",
                        "",
                        "36.0sx5 34.8sx10 34.8x10 35.6x20",
                        List.of(
                                "LOW_SKIN_TEMPERATURE RAISED @10",
                                "HYPOTHERMIA UPDATED @15",
                                "HYPOTHERMIA CLEARED @31")),
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
                        List.of("FEVER RAISED @8", "FEVER CLEARED @21")));
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
        long episodeStart = T0.plus(Duration.ofMinutes(15)).toEpochMilli() * 1_000_000L;
        assertThat(a.alerts.get(0).getAlertId()).isEqualTo("P-1:FEVER:" + episodeStart + ":RAISED");
        assertThat(a.alerts.get(0).getEpisodeId()).isEqualTo("P-1:FEVER:" + episodeStart);
        assertThat(a.alerts.get(1).getEpisodeId()).isEqualTo("P-1:FEVER:" + episodeStart);
        assertThat(a.alerts.get(2).getAlertId()).isEqualTo("P-1:FEVER:" + episodeStart + ":CLEARED");
        assertThat(a.alerts.get(1).getAlertId()).isEqualTo("P-1:FEVER:" + episodeStart + ":REMINDER-1");
        assertThat(a.alerts.get(0).getMessage()).isEqualTo("Fever 38.5 °C (core est.) since 02:15 UTC, patch D-1");
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
    void readingsOfOneMessageTogetherGiveTheStatesAndAlertsOfOneByOne() {
        MutableClock clock = new MutableClock(T0);
        AlertEngine engine = new AlertEngine(clock, Duration.ofMinutes(30));
        PatientProfile profile = new PatientProfile(PATIENT, AlertRules.defaults(), ZoneId.of("UTC"));
        PatientAlertState single = PatientAlertState.initial(PATIENT);
        PatientAlertState grouped = single;
        List<Alert> singleAlerts = new ArrayList<>();
        List<Alert> groupedAlerts = new ArrayList<>();
        java.util.Random random = new java.util.Random(4);
        int perMessage = 5;
        for (int m = 0; m < 600; m++) {
            clock.set(T0.plusSeconds(50L * m + 45));
            List<ReadingInput> message = new ArrayList<>();
            for (int i = 0; i < perMessage; i++) {
                int k = m * perMessage + i;
                // normal, then fever, then a patch that falls off and is put back, then normal again
                double v = k < 600 ? 37.0 : k < 1_600 ? 38.6 : k < 1_900 ? 26.0 : 37.0;
                v += random.nextGaussian() * 0.1;
                int flags = k % 97 == 0 ? QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE : 0;
                // every so often a reading already evaluated comes again
                long ns =
                        T0.plusSeconds(10L * (k % 41 == 0 && k > 0 ? k - 1 : k)).toEpochMilli() * 1_000_000L;
                message.add(new ReadingInput(DEVICE, ns, v, v, flags, MeasurementSite.MEASUREMENT_SITE_CORE));
            }
            for (ReadingInput r : message) {
                Evaluation e = engine.onReading(single, profile, r);
                single = e.state();
                singleAlerts.addAll(e.alerts());
            }
            Evaluation e = engine.onReadings(grouped, profile, message);
            grouped = e.state();
            groupedAlerts.addAll(e.alerts());
            assertThat(grouped).isEqualTo(single);
        }
        assertThat(singleAlerts)
                .extracting(a -> AlertIds.shortName(a.getKind()))
                .contains("FEVER", "SENSOR_DETACHED");
        assertThat(groupedAlerts).isEqualTo(singleAlerts);
    }

    @Test
    void backlogFromLongAgoIsEvaluatedInOrderAndMarkedLateWithoutReminders() {
        Run run = new Run(AlertRules.defaults());
        run.clockLag = Duration.ofHours(6);
        run.feed("37.6x10 38.5x70 37.6x5 37.2x25");
        assertThat(run.described()).containsExactly("FEVER RAISED @15", "FEVER CLEARED @87");
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

    @Test
    void acknowledgingAnEpisodeStopsItsRemindersButNotItsClear() {
        Run run = new Run(AlertRules.defaults());
        run.feed("37.0x10 38.5x20");
        Alert raised = run.alerts.get(0);
        run.clock.set(T0.plus(Duration.ofMinutes(31)));
        Evaluation wrong = run.engine.onAcknowledge(run.state, run.profile, "P-1:FEVER:1", "cg-mum");
        assertThat(wrong.alerts()).isEmpty();
        Evaluation ack = run.engine.onAcknowledge(run.state, run.profile, raised.getEpisodeId(), "cg-mum");
        run.state = ack.state();
        assertThat(ack.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getAlertId()).isEqualTo(raised.getEpisodeId() + ":ACKNOWLEDGED");
            assertThat(a.getAcknowledgedBy()).isEqualTo("cg-mum");
        });
        assertThat(run.engine
                        .onAcknowledge(run.state, run.profile, raised.getEpisodeId(), "cg-dad")
                        .alerts())
                .as("a second acknowledgement changes nothing")
                .isEmpty();
        run.alerts.clear();
        run.feed("38.5x60 37.0x20");
        assertThat(run.described()).containsExactly("FEVER CLEARED @95");
    }

    @Test
    void anUnacknowledgedCriticalEpisodeEscalatesOncePerTierAndAnAcknowledgedOneNever() {
        Run run = new Run(AlertRules.defaults());
        PatientProfile twoTiers = new PatientProfile(PATIENT, AlertRules.defaults(), ZoneId.of("UTC"), 2);
        run.feed("37.0x10 39.5x15");
        assertThat(run.described()).contains("HIGH_FEVER UPDATED @17");
        List<Alert> escalations = new ArrayList<>();
        for (int minute = 25; minute <= 60; minute++) {
            run.clock.set(T0.plus(Duration.ofMinutes(minute)));
            Evaluation e = run.engine.onTick(run.state, twoTiers, false);
            run.state = e.state();
            escalations.addAll(e.alerts());
        }
        assertThat(escalations)
                .extracting(a -> AlertIds.shortName(a.getTransition()) + " " + a.getEscalationLevel())
                .containsExactly("ESCALATED 1", "ESCALATED 2");

        Run acked = new Run(AlertRules.defaults());
        acked.feed("37.0x10 39.5x15");
        acked.state = acked.engine
                .onAcknowledge(acked.state, twoTiers, acked.alerts.get(0).getEpisodeId(), "cg-1")
                .state();
        acked.clock.set(T0.plus(Duration.ofHours(2)));
        assertThat(acked.engine.onTick(acked.state, twoTiers, false).alerts()).isEmpty();
    }

    @Test
    void noDataIsHeldBackWhileTheSilenceIsExplained() {
        Run run = new Run(AlertRules.defaults());
        run.feed("37.0x5");
        for (int minute = 5; minute <= 60; minute++) {
            run.clock.set(T0.plus(Duration.ofMinutes(minute)));
            Evaluation e = run.engine.onTick(run.state, run.profile, true, true);
            run.state = e.state();
            assertThat(e.alerts()).isEmpty();
        }
        run.clock.set(T0.plus(Duration.ofMinutes(70)));
        assertThat(run.engine.onTick(run.state, run.profile, true, false).alerts())
                .as("silence counts again from the end of the hold")
                .isEmpty();
        run.clock.set(T0.plus(Duration.ofMinutes(76)));
        assertThat(run.engine.onTick(run.state, run.profile, true, false).alerts())
                .extracting(run::describe)
                .containsExactly("NO_DATA RAISED @76");
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
                boolean skin = p[0].endsWith("s");
                double v = Double.parseDouble(detached || skin ? p[0].substring(0, p[0].length() - 1) : p[0]);
                int flags = detached ? QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE : 0;
                MeasurementSite site =
                        skin ? MeasurementSite.MEASUREMENT_SITE_SKIN : MeasurementSite.MEASUREMENT_SITE_CORE;
                for (int i = 0; i < Integer.parseInt(p[1]); i++) {
                    clock.set(T0.plus(Duration.ofMinutes(minute)).plus(clockLag));
                    Evaluation e =
                            engine.onReading(state, profile, new ReadingInput(DEVICE, ns(minute), v, v, flags, site));
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
