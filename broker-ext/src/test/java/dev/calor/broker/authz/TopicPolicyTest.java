package dev.calor.broker.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.Role;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.MqttChannel;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {

    private static final ClientIdentity DEVICE_A = new ClientIdentity("patch-a", Role.DEVICE);
    private static final ClientIdentity WORKER = new ClientIdentity("worker-1", Role.WORKER);
    private static final ClientIdentity MUM = new ClientIdentity("caregiver-mum", Role.CAREGIVER);
    private static final ClientIdentity OPS = new ClientIdentity("ops", Role.OPERATOR);

    private final CareCircleIndex circle = CareCircleIndex.of(CareCircleRegistry.newBuilder()
            .addCaregivers(Caregiver.newBuilder()
                    .setCaregiverId("mum")
                    .addPatientIds("P1")
                    .addChannels(Channel.newBuilder()
                            .setMqtt(MqttChannel.newBuilder().setUsername("caregiver-mum"))))
            .build());
    private final TopicPolicy policy = new TopicPolicy(16, () -> circle);

    @Test
    void devicePublishesUnderItsOwnRootOnly() {
        assertThat(policy.publish(DEVICE_A, Topics.readings("patch-a")).allowed())
                .isTrue();
        assertThat(policy.publish(DEVICE_A, Topics.status("patch-a")).allowed()).isTrue();
        assertThat(policy.publish(DEVICE_A, Topics.readings("patch-b")).allowed())
                .isFalse();
        assertThat(policy.publish(DEVICE_A, "calor/v1/devices/patch-ab/readings")
                        .allowed())
                .isFalse();
    }

    @Test
    void deviceMayNotPublishToIngestOrDeadLetterOrAlertsDirectly() {
        assertThat(policy.publish(DEVICE_A, policy.ingestTopicOf("patch-a")).allowed())
                .isFalse();
        assertThat(policy.publish(DEVICE_A, Topics.deadLetter("patch-a")).allowed())
                .isFalse();
        assertThat(policy.publish(DEVICE_A, Topics.alerts("P1")).allowed()).isFalse();
    }

    @Test
    void forwardedReadingsMayReachOnlyTheDevicesOwnShardTopic() {
        assertThat(policy.publishAfterForwarding(
                                DEVICE_A, Topics.ingest(Topics.shardOf("patch-a", 16), "patch-a"), false)
                        .allowed())
                .isTrue();
        assertThat(policy.publishAfterForwarding(
                                DEVICE_A, Topics.ingest(Topics.shardOf("patch-b", 16), "patch-b"), false)
                        .allowed())
                .isFalse();
    }

    @Test
    void retainedPublishesOnlyWhereTheTableSaysSo() {
        assertThat(policy.publish(DEVICE_A, Topics.status("patch-a"), true).allowed())
                .isTrue();
        assertThat(policy.publish(DEVICE_A, Topics.readings("patch-a"), true).allowed())
                .isFalse();
        assertThat(policy.publish(DEVICE_A, "calor/v1/devices/patch-a/junk", true)
                        .allowed())
                .isFalse();
        assertThat(policy.publish(WORKER, Topics.alertState("P1"), true).allowed())
                .isTrue();
        assertThat(policy.publish(WORKER, Topics.alerts("P1"), true).reason()).contains("may not be retained");
    }

    @Test
    void aDevicesWillMayTargetOnlyItsOwnStatus() {
        assertThat(policy.will(DEVICE_A, Topics.status("patch-a"), true).allowed())
                .isTrue();
        assertThat(policy.will(DEVICE_A, policy.ingestTopicOf("patch-a"), false).allowed())
                .isFalse();
        assertThat(policy.will(DEVICE_A, Topics.readings("patch-a"), false).allowed())
                .isFalse();
        assertThat(policy.will(DEVICE_A, Topics.status("patch-b"), false).allowed())
                .isFalse();
        assertThat(policy.will(WORKER, Topics.alerts("P1"), false).allowed()).isFalse();
        assertThat(policy.will(MUM, Topics.alertAck("P1"), false).allowed()).isFalse();
    }

    @Test
    void caregiversAcknowledgeAndReadTheStateOfTheirOwnPatientsOnly() {
        assertThat(policy.publish(MUM, Topics.alertAck("P1")).allowed()).isTrue();
        assertThat(policy.publish(MUM, Topics.alertAck("P1"), true).allowed()).isFalse();
        assertThat(policy.publish(MUM, Topics.alertAck("P2")).reason()).contains("care circle");
        assertThat(policy.subscribe(MUM, Topics.alertState("P1")).allowed()).isTrue();
        assertThat(policy.subscribe(MUM, Topics.alertState("P2")).allowed()).isFalse();
        assertThat(policy.subscribe(MUM, Topics.alertAck("P1")).allowed()).isFalse();
    }

    @Test
    void tokenCaregiversAreKnownByCaregiverIdNotByUserName() {
        ClientIdentity byToken = new ClientIdentity("mum", Role.CAREGIVER, true);
        ClientIdentity impostor = new ClientIdentity("caregiver-mum", Role.CAREGIVER, true);
        assertThat(policy.subscribe(byToken, Topics.alerts("P1")).allowed()).isTrue();
        assertThat(policy.subscribe(impostor, Topics.alerts("P1")).allowed()).isFalse();
        assertThat(circle.caregiverIdsOf(MUM)).containsExactly("mum");
        assertThat(circle.caregiverIdsOf(byToken)).containsExactly("mum");
    }

    @Test
    void workerSubscribesToEveryAckAndPublishesState() {
        assertThat(policy.subscribe(WORKER, Topics.ALERT_ACK_FILTER).allowed()).isTrue();
        assertThat(policy.publish(WORKER, Topics.alertAck("P1")).allowed()).isFalse();
        assertThat(policy.subscribe(OPS, Topics.ALERT_ACK_FILTER).allowed()).isFalse();
    }

    @Test
    void workerPublishesAlertsOnly() {
        assertThat(policy.publish(WORKER, Topics.alerts("P1")).allowed()).isTrue();
        assertThat(policy.publish(WORKER, Topics.readings("patch-a")).allowed()).isFalse();
        assertThat(policy.publish(WORKER, Topics.ingest(0, "patch-a")).allowed())
                .isFalse();
    }

    @Test
    void caregiversAndOperatorsPublishNothing() {
        assertThat(policy.publish(MUM, Topics.alerts("P1")).allowed()).isFalse();
        assertThat(policy.publish(OPS, Topics.status("patch-a")).allowed()).isFalse();
    }

    @Test
    void onlyWorkersSubscribeToIngest() {
        assertThat(policy.subscribe(WORKER, Topics.ingestFilter(3)).allowed()).isTrue();
        assertThat(policy.subscribe(WORKER, "calor/v1/ingest/+/+").allowed()).isTrue();
        assertThat(policy.subscribe(WORKER, "$share/workers/" + Topics.ingestFilter(15))
                        .allowed())
                .isTrue();
        assertThat(policy.subscribe(WORKER, Topics.ingestFilter(16)).allowed()).isFalse();
        assertThat(policy.subscribe(DEVICE_A, Topics.ingestFilter(3)).allowed()).isFalse();
        assertThat(policy.subscribe(OPS, Topics.ingestFilter(3)).allowed()).isFalse();
        assertThat(policy.subscribe(MUM, Topics.ingestFilter(3)).allowed()).isFalse();
    }

    @Test
    void nobodySubscribesToReadingsOfAnyDevice() {
        for (ClientIdentity who : new ClientIdentity[] {WORKER, MUM, OPS}) {
            assertThat(policy.subscribe(who, Topics.readings("patch-a")).allowed())
                    .as(who.name())
                    .isFalse();
            assertThat(policy.subscribe(who, "calor/v1/devices/+/readings").allowed())
                    .as(who.name())
                    .isFalse();
        }
        assertThat(policy.subscribe(DEVICE_A, "calor/v1/devices/patch-b/readings")
                        .allowed())
                .isFalse();
    }

    @Test
    void caregiverReadsAlertsOfItsPatientsOnly() {
        assertThat(policy.subscribe(MUM, Topics.alerts("P1")).allowed()).isTrue();
        Decision other = policy.subscribe(MUM, Topics.alerts("P2"));
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).contains("P2").contains("care circle");
        assertThat(policy.subscribe(MUM, "calor/v1/patients/+/alerts").allowed())
                .isFalse();
        assertThat(policy.subscribe(MUM, "$share/g/" + Topics.alerts("P1")).allowed())
                .isFalse();
    }

    @Test
    void broadWildcardsAreRefusedForEveryRole() {
        for (ClientIdentity who : new ClientIdentity[] {DEVICE_A, WORKER, MUM, OPS}) {
            for (String filter :
                    new String[] {"#", "+/#", "+", "calor/#", "calor/v1/#", "calor/+/devices/patch-a/status"}) {
                assertThat(policy.subscribe(who, filter).allowed())
                        .as(who.name() + " " + filter)
                        .isFalse();
            }
        }
        assertThat(policy.subscribe(OPS, "#").reason()).contains("broad wildcard");
    }

    @Test
    void operatorReadsDeadLettersStatusAndAlerts() {
        assertThat(policy.subscribe(OPS, "calor/v1/dlq/+").allowed()).isTrue();
        assertThat(policy.subscribe(OPS, Topics.deadLetter("patch-a")).allowed())
                .isTrue();
        assertThat(policy.subscribe(OPS, "calor/v1/devices/+/status").allowed()).isTrue();
        assertThat(policy.subscribe(OPS, "calor/v1/patients/+/alerts").allowed())
                .isTrue();
    }

    @Test
    void deviceSubscribesToItsOwnStatusOnly() {
        assertThat(policy.subscribe(DEVICE_A, Topics.status("patch-a")).allowed())
                .isTrue();
        assertThat(policy.subscribe(DEVICE_A, "calor/v1/devices/patch-a/#").allowed())
                .isFalse();
        assertThat(policy.subscribe(DEVICE_A, "calor/v1/devices/patch-b/status").allowed())
                .isFalse();
        assertThat(policy.subscribe(DEVICE_A, "calor/v1/devices/+/status").allowed())
                .isFalse();
    }

    @Test
    void reloadedCareCircleIsSeenByTheNextDecision() {
        CareCircleIndex[] current = {CareCircleIndex.empty()};
        TopicPolicy reloading = new TopicPolicy(16, () -> current[0]);
        assertThat(reloading.subscribe(MUM, Topics.alerts("P1")).allowed()).isFalse();
        current[0] = circle;
        assertThat(reloading.subscribe(MUM, Topics.alerts("P1")).allowed()).isTrue();
    }
}
