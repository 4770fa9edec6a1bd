package dev.calor.e2e.fault;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertTransition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A caregiver's phone: a persistent session as the caregiver, subscribed to the alerts of every patient, keeping
 * every alert received. A RAISED seen twice for one alert id, or for one (kind, episode start), is a double alert.
 */
final class AlertTap implements AutoCloseable {

    private final Mqtt5AsyncClient client;
    private final List<Alert> received = new CopyOnWriteArrayList<>();
    private final Map<String, java.time.Instant> receivedAt = new java.util.concurrent.ConcurrentHashMap<>();

    private AlertTap(Mqtt5AsyncClient client) {
        this.client = client;
    }

    static AlertTap connect(int brokerPort, String username, String password, List<String> patients) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(username + "/fault-suite")
                .serverHost("127.0.0.1")
                .serverPort(brokerPort)
                // on the builder, not the CONNECT: an automatic reconnect would otherwise log in anonymously
                .simpleAuth()
                .username(username)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .automaticReconnect()
                .initialDelay(100, TimeUnit.MILLISECONDS)
                .maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
        AlertTap tap = new AlertTap(client);
        client.publishes(MqttGlobalPublishFilter.ALL, tap::onPublish);
        client.connectWith()
                .cleanStart(false) // reconnects resume the session the broker kept across its restart
                .sessionExpiryInterval(3600)
                .send()
                .join();
        for (String patient : patients) {
            client.subscribeWith()
                    .topicFilter(Topics.alerts(patient))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send()
                    .join();
        }
        return tap;
    }

    private void onPublish(Mqtt5Publish publish) {
        try {
            Alert alert = Alert.parseFrom(publish.getPayloadAsBytes());
            receivedAt.putIfAbsent(alert.getAlertId(), java.time.Instant.now());
            received.add(alert);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an alert that is not an Alert on " + publish.getTopic(), e);
        }
    }

    /**
     * When the caregiver first learnt of a fever (FEVER or graver) of the patient: the RAISED or UPDATED
     * transition that took a fever-family episode there.
     */
    java.util.Optional<java.time.Instant> feverReceivedAt(String patientId) {
        return received.stream()
                .filter(a -> a.getPatientId().equals(patientId))
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED
                        || a.getTransition() == AlertTransition.ALERT_TRANSITION_UPDATED)
                .filter(a -> a.getKind() == dev.calor.proto.v1.AlertKind.ALERT_KIND_FEVER
                        || a.getKind() == dev.calor.proto.v1.AlertKind.ALERT_KIND_HIGH_FEVER
                        || a.getKind() == dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPERPYREXIA)
                .map(a -> receivedAt.get(a.getAlertId()))
                .min(java.util.Comparator.naturalOrder());
    }

    List<Alert> raised(String patientId) {
        return received.stream()
                .filter(a -> a.getPatientId().equals(patientId))
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED)
                .toList();
    }

    /** Kinds of the patient's RAISED alerts, short names in order of first appearance. */
    String kinds(String patientId) {
        return raised(patientId).stream()
                .map(alert -> alert.getKind().name().replace("ALERT_KIND_", ""))
                .distinct()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    long cleared(String patientId) {
        return received.stream()
                .filter(a -> a.getPatientId().equals(patientId))
                .filter(a -> a.getTransition() == AlertTransition.ALERT_TRANSITION_CLEARED)
                .count();
    }

    /** RAISED alerts of the patient beyond the first per alert id or per (kind, episode start). */
    long doubles(String patientId) {
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byEpisode = new HashMap<>();
        long doubles = 0;
        for (Alert alert : raised(patientId)) {
            boolean sameId = byId.merge(alert.getAlertId(), 1, Integer::sum) > 1;
            boolean sameEpisode =
                    byEpisode.merge(alert.getKind() + "@" + alert.getEpisodeStartUnixNs(), 1, Integer::sum) > 1;
            if (sameId || sameEpisode) {
                doubles++;
            }
        }
        return doubles;
    }

    /** The patient's RAISED alerts, one line each, for a failure message. */
    String describe(String patientId) {
        StringBuilder text = new StringBuilder();
        for (Alert alert : raised(patientId)) {
            text.append(alert.getAlertId())
                    .append(' ')
                    .append(alert.getKind())
                    .append(" episode ")
                    .append(alert.getEpisodeStartUnixNs())
                    .append(" emitted ")
                    .append(alert.getEmittedTimeUnixNs())
                    .append('\n');
        }
        return text.toString();
    }

    boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnectWith().sessionExpiryInterval(0).send().join();
        }
    }
}
