package dev.calor.worker.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertSeverity;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import dev.calor.proto.v1.QuietHours;
import dev.calor.proto.v1.WebhookChannel;
import dev.calor.worker.alert.Episode;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.state.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertFanOutTest {

    private static final long START_NS = 1_767_600_000_000_000_000L;
    /** 12:00 UTC and 23:00 UTC, outside and inside cg-a's quiet hours (22:00-07:00 UTC). */
    private static final Instant NOON = Instant.parse("2026-01-05T12:00:00Z");

    private static final Instant NIGHT = Instant.parse("2026-01-05T23:00:00Z");

    /** cg-a rank 1 (webhook, quiet at night), cg-b rank 2 (webhook), cg-c unranked (MQTT only). */
    private static final CareCircle CIRCLE = CareCircle.of(
            CareCircleRegistry.newBuilder()
                    .setSchemaVersion(1)
                    .addPatients(Patient.newBuilder().setPatientId("P-1"))
                    .addAssignments(DeviceAssignment.newBuilder()
                            .setDeviceId("patch-1")
                            .setPatientId("P-1")
                            .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                            .setValidFrom(Timestamp.newBuilder().setSeconds(1_767_225_600L)))
                    .addCaregivers(Caregiver.newBuilder()
                            .setCaregiverId("cg-a")
                            .addPatientIds("P-1")
                            .setEscalationRank(1)
                            .setQuietHours(
                                    QuietHours.newBuilder().setStart("22:00").setEnd("07:00"))
                            .addChannels(webhook("http://127.0.0.1:9/a")))
                    .addCaregivers(Caregiver.newBuilder()
                            .setCaregiverId("cg-b")
                            .addPatientIds("P-1")
                            .setEscalationRank(2)
                            .addChannels(webhook("http://127.0.0.1:9/b")))
                    .addCaregivers(Caregiver.newBuilder()
                            .setCaregiverId("cg-c")
                            .addPatientIds("P-1")
                            .addChannels(Channel.newBuilder()
                                    .setMqtt(MqttChannel.newBuilder().setUsername("caregiver-c"))))
                    .build(),
            "test");

    @Test
    void theCircleHasTwoEscalationTiersBeyondTheFirstSoTheLastReachesEveryoneOnce() {
        assertThat(CIRCLE.patient("P-1").orElseThrow().profile().escalationTiers())
                .isEqualTo(2);
    }

    @Test
    void aRaiseIsAddressedToTheLowestRankOnlyEvenWhenCriticalAtNight() {
        Alert raised = addressed(alert(AlertTransition.ALERT_TRANSITION_RAISED, true, 0, NIGHT), 0);

        assertThat(raised.getRecipientCaregiverIdsList()).containsExactly("cg-a");
        assertThat(AlertFanOut.of(raised, CIRCLE))
                .extracting(Delivery::channel, Delivery::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Delivery.MQTT, "calor/v1/patients/P-1/alerts"),
                        org.assertj.core.groups.Tuple.tuple(Delivery.STATE, "calor/v1/patients/P-1/alerts/state"),
                        org.assertj.core.groups.Tuple.tuple(Delivery.INFLUX, "alerts"),
                        org.assertj.core.groups.Tuple.tuple("webhook", "http://127.0.0.1:9/a"));
    }

    @Test
    void eachEscalationAddsTheNextRankAndTheLastReachesEveryone() {
        Alert first = addressed(alert(AlertTransition.ALERT_TRANSITION_ESCALATED, true, 1, NOON), 1);
        Alert last = addressed(alert(AlertTransition.ALERT_TRANSITION_ESCALATED, true, 2, NOON), 2);

        assertThat(first.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b");
        assertThat(last.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b", "cg-c");
        assertThat(AlertFanOut.of(last, CIRCLE))
                .as("cg-c reads the patient's MQTT topic: no delivery of its own")
                .extracting(Delivery::target)
                .containsExactly(
                        "calor/v1/patients/P-1/alerts",
                        "calor/v1/patients/P-1/alerts/state",
                        "alerts",
                        "http://127.0.0.1:9/a",
                        "http://127.0.0.1:9/b");
    }

    @Test
    void laterTransitionsGoToEveryoneTheEpisodeHasReached() {
        Alert cleared = addressed(alert(AlertTransition.ALERT_TRANSITION_CLEARED, false, 0, NOON), 1);

        assertThat(cleared.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b");
    }

    @Test
    void quietHoursHoldBackOnlyANonCriticalReminder() {
        Alert warningReminder = addressed(alert(AlertTransition.ALERT_TRANSITION_REMINDER, false, 0, NIGHT), 1);
        Alert criticalReminder = addressed(alert(AlertTransition.ALERT_TRANSITION_REMINDER, true, 0, NIGHT), 1);
        Alert warningUpdate = addressed(alert(AlertTransition.ALERT_TRANSITION_UPDATED, false, 0, NIGHT), 1);
        Alert daytimeReminder = addressed(alert(AlertTransition.ALERT_TRANSITION_REMINDER, false, 0, NOON), 1);

        assertThat(warningReminder.getRecipientCaregiverIdsList()).containsExactly("cg-b");
        assertThat(AlertFanOut.of(warningReminder, CIRCLE))
                .extracting(Delivery::target)
                .doesNotContain("http://127.0.0.1:9/a");
        assertThat(criticalReminder.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b");
        assertThat(warningUpdate.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b");
        assertThat(daytimeReminder.getRecipientCaregiverIdsList()).containsExactly("cg-a", "cg-b");
    }

    @Test
    void aReminderNobodyMayReceiveNowIsAddressedToNoOneAndDeliveredOnlyToThePatientsTopics() {
        Alert a = alert(AlertTransition.ALERT_TRANSITION_REMINDER, false, 0, NIGHT);
        Alert quiet = AlertFanOut.addressed(a, CIRCLE, Optional.of(stateWith(0)));

        assertThat(quiet.getRecipientCaregiverIdsList()).isEmpty();
        assertThat(AlertFanOut.of(quiet, CIRCLE))
                .extracting(Delivery::channel)
                .containsExactly("mqtt", "state", "influx");
    }

    private static Alert addressed(Alert a, int escalations) {
        return AlertFanOut.addressed(a, CIRCLE, Optional.of(stateWith(escalations)));
    }

    private static PatientAlertState stateWith(int escalations) {
        PatientAlertState initial = PatientAlertState.initial("P-1");
        Episode e =
                new Episode(true, START_NS, AlertKind.ALERT_KIND_HIGH_FEVER, 1, START_NS, 0, "", START_NS, escalations);
        return new PatientAlertState(
                "P-1",
                initial.lastEvaluatedNs(),
                initial.lastHeardNs(),
                initial.lastStatusNs(),
                "patch-1",
                null,
                initial.runStartNs(),
                Map.of(),
                Map.of(AlertFamily.ALERT_FAMILY_FEVER, e),
                0,
                List.of(),
                null);
    }

    private static Alert alert(AlertTransition transition, boolean critical, int level, Instant emitted) {
        return Alert.newBuilder()
                .setAlertId("P-1:FEVER:" + START_NS + ":" + transition.name() + level)
                .setEpisodeId("P-1:FEVER:" + START_NS)
                .setPatientId("P-1")
                .setFamily(AlertFamily.ALERT_FAMILY_FEVER)
                .setKind(critical ? AlertKind.ALERT_KIND_HIGH_FEVER : AlertKind.ALERT_KIND_FEVER)
                .setSeverity(critical ? AlertSeverity.ALERT_SEVERITY_CRITICAL : AlertSeverity.ALERT_SEVERITY_WARNING)
                .setTransition(transition)
                .setEscalationLevel(level)
                .setEpisodeStartUnixNs(START_NS)
                .setEmittedTimeUnixNs(emitted.getEpochSecond() * 1_000_000_000L)
                .build();
    }

    private static Channel webhook(String url) {
        return Channel.newBuilder()
                .setWebhook(WebhookChannel.newBuilder().setUrl(url).setSigningSecret("s"))
                .build();
    }
}
