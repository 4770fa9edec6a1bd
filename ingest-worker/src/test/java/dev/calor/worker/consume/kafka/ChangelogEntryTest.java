package dev.calor.worker.consume.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.alert.Evaluation;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.PatientProfile;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.state.StateFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangelogEntryTest {

    /** The plain JSON earlier versions wrote: the window as an array of slot objects. */
    private static final ObjectMapper LEGACY_JSON = new ObjectMapper().configure(MapperFeature.USE_ANNOTATIONS, false);

    @Test
    void anOpenEpisodeSurvivesTheChangelogRecordUnchanged() throws Exception {
        Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
        AlertEngine engine =
                new AlertEngine(Clock.fixed(t0.plus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofHours(3));
        PatientProfile profile = PatientProfile.withDefaults("P-1");
        PatientAlertState state = PatientAlertState.initial("P-1");
        List<Alert> alerts = new ArrayList<>();
        for (int s = 0; s < 120; s++) {
            long ns = t0.plusSeconds(10L * s).toEpochMilli() * 1_000_000L;
            Evaluation e = engine.onReading(
                    state,
                    profile,
                    new ReadingInput("patch-1", ns, 38.7, 38.7, 0, MeasurementSite.MEASUREMENT_SITE_CORE));
            state = e.state();
            alerts.addAll(e.alerts());
        }
        assertThat(alerts).isNotEmpty();
        assertThat(state.episodes()).isNotEmpty();

        ChangelogEntry entry = ChangelogEntry.of(state, alerts);
        ChangelogEntry back = ChangelogEntry.parse(entry.toBytes());
        // a record an earlier version wrote as plain JSON still restores the patient
        ChangelogEntry fromJson = ChangelogEntry.parse(LEGACY_JSON.writeValueAsBytes(entry));

        assertThat(back.state()).isEqualTo(state);
        assertThat(back.openAlerts()).isEqualTo(alerts);
        assertThat(StateFormat.isJson(entry.toBytes())).isFalse();
        assertThat(fromJson.state()).isEqualTo(state);
        assertThat(fromJson.openAlerts()).isEqualTo(alerts);
    }
}
