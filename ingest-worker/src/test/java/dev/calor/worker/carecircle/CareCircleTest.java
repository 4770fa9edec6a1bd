package dev.calor.worker.carecircle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.MeasurementSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CareCircleTest {

    private static final Path EXAMPLE = Path.of("config/care-circle.example.json");

    @TempDir
    Path dir;

    @Test
    void resolvesADeviceToThePatientWearingItAtTheSampleTime() {
        CareCircle cc = CareCircle.of(CareCircleFiles.read(EXAMPLE), "example");
        assertThat(cc.assignmentAt("patch-0001", ns("2026-11-10T12:00:00Z")))
                .hasValueSatisfying(a -> assertThat(a.patientId()).isEqualTo("P-0001"));
        assertThat(cc.assignmentAt("patch-0001", ns("2026-11-15T12:00:00Z"))).isEmpty();
        assertThat(cc.assignmentAt("patch-0001", ns("2026-11-20T12:00:00Z"))).hasValueSatisfying(a -> {
            assertThat(a.patientId()).isEqualTo("P-0002");
            assertThat(a.site()).isEqualTo(MeasurementSite.MEASUREMENT_SITE_AXILLA);
        });
        assertThat(cc.assignmentAt("patch-0007", ns("2026-11-14T23:59:59Z"))).isEmpty();
        assertThat(cc.activeAt(ns("2026-11-20T12:00:00Z")))
                .extracting(Assignment::deviceId)
                .containsExactlyInAnyOrder("patch-0001", "patch-0007");
        assertThat(cc.channelsOf("P-0001"))
                .extracting(CaregiverChannel::caregiverId)
                .containsExactly("mum", "mum");
        assertThat(cc.channelsOf("P-0002")).singleElement().satisfies(c -> assertThat(c.isWebhook())
                .isFalse());
    }

    @Test
    void correctsSitesToCoreWithPatientOverridesAndDocumentedDefaults() {
        CareCircle cc = CareCircle.of(CareCircleFiles.read(EXAMPLE), "example");
        SiteCorrections jo = cc.patient("P-0002").orElseThrow().corrections();
        assertThat(jo.coreEquivalent(36.5, MeasurementSite.MEASUREMENT_SITE_AXILLA))
                .isEqualTo(37.0);
        assertThat(jo.coreEquivalent(37.0, MeasurementSite.MEASUREMENT_SITE_RECTAL))
                .isEqualTo(37.0);
        assertThat(jo.coreEquivalent(36.0, MeasurementSite.MEASUREMENT_SITE_SKIN))
                .isEqualTo(37.0);
        assertThat(cc.patient("P-0002").orElseThrow().profile().rules().hypothermiaCelsius())
                .isEqualTo(35.5);
    }

    @Test
    void refusesThresholdsOutsideSafeBounds() {
        String json =
                """
                {"patients": [{"patientId": "P-1",
                               "thresholds": {"feverCelsius": 45.0, "feverSustain": "0s", "hypothermiaCelsius": 20,
                                              "reminderInterval": "10s", "escalateAfter": "86400s"},
                               "siteCorrection": {"skinOffsetCelsius": 5.0}}]}
                """;
        assertThatThrownBy(() -> CareCircle.of(CareCircleFiles.parse(json, "inline"), "inline"))
                .isInstanceOfSatisfying(CareCircleException.class, e -> assertThat(e.problems())
                        .contains(
                                "patients[0].thresholds.feverCelsius 45.00 °C must be within 37.5..38.5 °C",
                                "patients[0].thresholds.hypothermiaCelsius 20.00 °C must be within 34.0..36.0 °C",
                                "patients[0].thresholds.feverSustain 0s must be within 1s..3600s",
                                "patients[0].thresholds.reminderInterval 10s must be within 60s..86400s",
                                "patients[0].thresholds.escalateAfter 86400s must be within 10s..7200s",
                                "patients[0].siteCorrection.skinOffsetCelsius 5.00 °C must be within 0.0..3.0 °C"));
    }

    @Test
    void refusesABaselineRuleOutsideItsBoundsOrAWindowWithoutARise() {
        CareCircleRegistry.Builder r = CareCircleRegistry.newBuilder().setSchemaVersion(1);
        r.addPatients(dev.calor.proto.v1.Patient.newBuilder()
                .setPatientId("P-1")
                .setThresholds(AlertThresholds.newBuilder()
                        .setBaselineRiseCelsius(3.0)
                        .setBaselineWindow(
                                com.google.protobuf.Duration.newBuilder().setSeconds(3600))));
        r.addPatients(dev.calor.proto.v1.Patient.newBuilder()
                .setPatientId("P-2")
                .setThresholds(AlertThresholds.newBuilder()
                        .setBaselineWindow(
                                com.google.protobuf.Duration.newBuilder().setSeconds(86_400))));
        r.addPatients(dev.calor.proto.v1.Patient.newBuilder()
                .setPatientId("P-3")
                .setThresholds(AlertThresholds.newBuilder().setBaselineRiseCelsius(1.1)));
        assertThat(CareCircleValidator.problems(r.build()))
                .containsExactlyInAnyOrder(
                        "patients[0].thresholds.baselineRiseCelsius 3.00 °C must be within 0.5..2.0 °C",
                        "patients[0].thresholds.baselineWindow 3600s must be within 21600s..604800s",
                        "patients[1].thresholds.baselineWindow is set but baselineRiseCelsius is not (the baseline rule is off)");
    }

    @Test
    void coldSkinWidensTheSkinToCoreGradientInsteadOfLookingHypothermic() {
        SiteCorrections c = SiteCorrections.defaults();
        assertThat(c.coreEquivalent(36.0, MeasurementSite.MEASUREMENT_SITE_SKIN))
                .isEqualTo(37.0);
        assertThat(c.coreEquivalent(33.5, MeasurementSite.MEASUREMENT_SITE_SKIN))
                .isEqualTo(35.25);
        assertThat(c.coreEquivalent(28.0, MeasurementSite.MEASUREMENT_SITE_SKIN))
                .as("capped at the widest gradient")
                .isEqualTo(32.0);
        assertThat(c.coreEquivalent(33.5, MeasurementSite.MEASUREMENT_SITE_AXILLA))
                .isEqualTo(34.0);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String json =
                """
                {"patients": [{"patientId": "P-1", "thresholds": {"feverClearCelsius": 38.5}},
                              {"patientId": "P-1", "timeZone": "Mars/Olympus"}],
                 "assignments": [{"deviceId": "d1", "patientId": "P-9", "validFrom": "2026-01-01T00:00:00Z"},
                                 {"deviceId": "d2", "patientId": "P-1"},
                                 {"deviceId": "d3", "patientId": "P-1", "validFrom": "2026-01-01T00:00:00Z"},
                                 {"deviceId": "d3", "patientId": "P-1", "validFrom": "2026-02-01T00:00:00Z"}],
                 "caregivers": [{"caregiverId": "c", "patientIds": ["P-7"],
                                 "channels": [{"webhook": {"url": "ftp://x"}}, {"mqtt": {}}, {}]}]}
                """;
        assertThatThrownBy(() -> CareCircle.of(CareCircleFiles.parse(json, "inline"), "inline"))
                .isInstanceOfSatisfying(CareCircleException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "patients[0].thresholds.feverClearCelsius 38.50 °C must be within 37.0..37.9 °C",
                                "patients[1].patientId 'P-1' appears twice",
                                "patients[1].timeZone 'Mars/Olympus' is not an IANA zone",
                                "assignments[0].patientId 'P-9' is not a patient of this file",
                                "assignments[1].validFrom is missing",
                                "device 'd3' is assigned to 'P-1' and 'P-1' at the same time",
                                "caregivers[0].patientIds names 'P-7', not a patient of this file",
                                "caregivers[0].channels[0].webhook.url 'ftp://x' is not an http(s) URL",
                                "caregivers[0].channels[1].mqtt.username is empty",
                                "caregivers[0].channels[2] names neither mqtt, webhook nor email"));
    }

    @Test
    void reloadsOnChangeAndKeepsTheLastGoodVersionWhenTheNewOneIsInvalid() throws Exception {
        Path file = dir.resolve("cc.json");
        Files.copy(EXAMPLE, file);
        CareCircleWatcher w = CareCircleWatcher.load(file);
        assertThat(w.current().patients()).hasSize(2);
        Files.writeString(file, "{\"patients\": [{\"patientId\": \"P-3\"}]}");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(w.checkForChange()).isTrue();
        assertThat(w.current().patients()).containsOnlyKeys("P-3");
        Files.writeString(file, "{\"patients\": [{\"patientId\": \"bad id!\"}]}");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(w.checkForChange()).isFalse();
        assertThat(w.rejectedReloads()).isEqualTo(1);
        assertThat(w.current().patients()).containsOnlyKeys("P-3");
        assertThat(w.checkForChange()).isFalse();
    }

    private static long ns(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
