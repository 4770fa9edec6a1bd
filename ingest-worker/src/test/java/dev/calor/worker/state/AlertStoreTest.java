package dev.calor.worker.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.testsupport.MutableClock;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.alert.Evaluation;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.PatientProfile;
import dev.calor.worker.alert.ReadingInput;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertStoreTest {

    /** The plain JSON earlier versions wrote: the window as an array of slot objects. */
    private static final ObjectMapper LEGACY_JSON = new ObjectMapper().configure(MapperFeature.USE_ANNOTATIONS, false);

    private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

    @TempDir
    Path dir;

    @Test
    void stateSurvivesReopenSoARestartedEngineNeitherRefiresNorForgets() {
        MutableClock clock = new MutableClock(T0);
        AlertEngine engine = new AlertEngine(clock, Duration.ofMinutes(30));
        PatientProfile profile = PatientProfile.withDefaults("P-1");
        PatientAlertState state = PatientAlertState.initial("P-1");
        List<Alert> alerts = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            clock.set(T0.plus(Duration.ofMinutes(m)));
            Evaluation e = engine.onReading(state, profile, reading(m, 38.6));
            state = e.state();
            alerts.addAll(e.alerts());
        }
        assertThat(alerts).hasSize(1);
        try (AlertStore store = AlertStore.open(dir.resolve("alerts.db"))) {
            assertThat(store.commit(List.of(state), alerts, a -> fanOut(a), 1L)).hasSize(1);
        }
        try (AlertStore store = AlertStore.open(dir.resolve("alerts.db"))) {
            Map<String, PatientAlertState> loaded = store.loadStates();
            assertThat(loaded.get("P-1")).isEqualTo(state);
            PatientAlertState resumed = loaded.get("P-1");
            List<Alert> after = new ArrayList<>();
            for (int m = 8; m <= 30; m++) {
                clock.set(T0.plus(Duration.ofMinutes(m)));
                Evaluation e = engine.onReading(resumed, profile, reading(m, m < 20 ? 38.6 : 37.0));
                resumed = e.state();
                after.addAll(e.alerts());
            }
            assertThat(after)
                    .extracting(Alert::getAlertId)
                    .containsExactly(alerts.get(0).getAlertId().replace(":RAISED", ":CLEARED"));
        }
    }

    @Test
    void jsonStatesOfAnEarlierVersionAreConvertedWhenTheStoreOpens() throws Exception {
        MutableClock clock = new MutableClock(T0);
        AlertEngine engine = new AlertEngine(clock, Duration.ofMinutes(30));
        PatientProfile profile = PatientProfile.withDefaults("P-1");
        PatientAlertState state = PatientAlertState.initial("P-1");
        for (int m = 0; m < 12; m++) {
            clock.set(T0.plus(Duration.ofMinutes(m)));
            state = engine.onReading(state, profile, reading(m, 38.6)).state();
        }
        assertThat(state.episodes()).isNotEmpty();
        Path file = dir.resolve("alerts.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patient_state (patient_id TEXT PRIMARY KEY, state_json TEXT NOT NULL)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO patient_state VALUES (?, ?)")) {
                ins.setString(1, "P-1");
                String json = LEGACY_JSON.writeValueAsString(state);
                assertThat(json).contains("\"recent\":[{\"slot\":");
                ins.setString(2, json);
                ins.executeUpdate();
            }
        }
        try (AlertStore store = AlertStore.open(file)) {
            assertThat(store.loadStates()).containsExactly(Map.entry("P-1", state));
        }
        try (AlertStore store = AlertStore.open(file);
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet old = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'patient_state'")) {
            assertThat(store.loadStates()).containsExactly(Map.entry("P-1", state));
            old.next();
            assertThat(old.getInt(1)).isZero();
        }
    }

    @Test
    void anAlertIdAlreadyStoredIsNotQueuedForDeliveryAgain() {
        Alert a = Alert.newBuilder()
                .setAlertId("P-1:FEVER:1:RAISED")
                .setPatientId("P-1")
                .build();
        try (AlertStore store = AlertStore.open(dir.resolve("alerts.db"))) {
            assertThat(store.commit(List.of(), List.of(a), this::fanOut, 5L)).hasSize(1);
            assertThat(store.commit(List.of(), List.of(a), this::fanOut, 6L)).isEmpty();
            assertThat(store.countDeliveries("pending")).isEqualTo(2);
            List<PendingDelivery> mqtt = store.due(10L, 100, Delivery.MQTT);
            List<PendingDelivery> due = store.due(10L, 100, Delivery.WEBHOOK);
            assertThat(mqtt).extracting(p -> p.delivery().channel()).containsExactly(Delivery.MQTT);
            assertThat(due).extracting(p -> p.delivery().channel()).containsExactly(Delivery.WEBHOOK);
            assertThat(due.get(0).alert()).isEqualTo(a);
            store.delivered(mqtt.get(0).id());
            store.retryAt(due.get(0).id(), 100L, "HTTP 503");
            assertThat(store.due(50L, 100, "webhook")).isEmpty();
            assertThat(store.due(100L, 100, "webhook")).singleElement().satisfies(p -> assertThat(p.attempts())
                    .isEqualTo(1));
            store.abandoned(due.get(0).id(), "gave up");
            assertThat(store.countDeliveries("done")).isEqualTo(1);
            assertThat(store.countDeliveries("abandoned")).isEqualTo(1);
        }
    }

    @Test
    void eachChannelQueueReportsItsPendingDeliveriesAndTheOldest() {
        Alert first = Alert.newBuilder()
                .setAlertId("P-1:FEVER:1:RAISED")
                .setPatientId("P-1")
                .build();
        Alert second = Alert.newBuilder()
                .setAlertId("P-1:FEVER:1:CLEARED")
                .setPatientId("P-1")
                .build();
        try (AlertStore store = AlertStore.open(dir.resolve("queues.db"))) {
            store.commit(List.of(), List.of(first), this::fanOut, 5L);
            store.commit(List.of(), List.of(second), this::fanOut, 9L);
            store.delivered(store.due(10L, 100, Delivery.MQTT).get(0).id());

            assertThat(store.queueDepth(Delivery.MQTT)).isEqualTo(new AlertStore.QueueDepth(1, 9L));
            assertThat(store.queueDepth(Delivery.WEBHOOK)).isEqualTo(new AlertStore.QueueDepth(2, 5L));
            assertThat(store.queueDepth(Delivery.EMAIL)).isEqualTo(new AlertStore.QueueDepth(0, 0L));
        }
    }

    @Test
    void pruningDropsOldFinishedDeliveriesAndClearedEpisodesButKeepsOpenOnesAndPendingWork() {
        Alert oldRaised = episodeAlert("P-1:FEVER:1", AlertTransition.ALERT_TRANSITION_RAISED, 10L);
        Alert oldCleared = episodeAlert("P-1:FEVER:1", AlertTransition.ALERT_TRANSITION_CLEARED, 20L);
        Alert openRaised = episodeAlert("P-1:FEVER:2", AlertTransition.ALERT_TRANSITION_RAISED, 30L);
        Alert pending = episodeAlert("P-2:FEVER:3", AlertTransition.ALERT_TRANSITION_CLEARED, 40L);
        try (AlertStore store = AlertStore.open(dir.resolve("prune.db"))) {
            store.commit(List.of(), List.of(oldRaised, oldCleared, openRaised), this::fanOut, 50L);
            for (String channel : List.of(Delivery.MQTT, Delivery.WEBHOOK)) {
                List<PendingDelivery> due;
                while (!(due = store.due(60L, 100, channel)).isEmpty()) {
                    due.forEach(d -> store.delivered(d.id()));
                }
            }
            store.commit(List.of(), List.of(pending), this::fanOut, 55L);
            assertThat(store.openEpisodes("P-1"))
                    .extracting(Alert::getAlertId)
                    .containsExactly(openRaised.getAlertId());

            int pruned = store.prune(1_000L, 100L, 100L, 1_000);

            assertThat(pruned)
                    .as("6 finished deliveries and the 2 alerts of the cleared episode")
                    .isEqualTo(8);
            assertThat(store.countAlerts())
                    .as("the open episode and the alert still being delivered")
                    .isEqualTo(2);
            assertThat(store.countDeliveries("pending")).isEqualTo(2);
            assertThat(store.openEpisodes("P-1"))
                    .extracting(Alert::getAlertId)
                    .containsExactly(openRaised.getAlertId());
        }
    }

    private static Alert episodeAlert(String episodeId, AlertTransition t, long emittedNs) {
        return Alert.newBuilder()
                .setAlertId(episodeId + ":" + t.name())
                .setEpisodeId(episodeId)
                .setPatientId(episodeId.substring(0, 3))
                .setTransition(t)
                .setEmittedTimeUnixNs(emittedNs)
                .build();
    }

    private List<Delivery> fanOut(Alert a) {
        return List.of(
                new Delivery(a.getAlertId() + "/mqtt", a.getAlertId(), Delivery.MQTT, "topic", ""),
                new Delivery(a.getAlertId() + "/C-1/0", a.getAlertId(), Delivery.WEBHOOK, "http://x", "s"));
    }

    private static ReadingInput reading(int minute, double c) {
        long ns = T0.plus(Duration.ofMinutes(minute)).toEpochMilli() * 1_000_000L;
        return new ReadingInput("D-1", ns, c, c, 0);
    }
}
