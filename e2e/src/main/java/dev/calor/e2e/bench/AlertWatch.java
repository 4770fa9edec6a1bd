package dev.calor.e2e.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertTransition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caregiver's phone during a load step: subscribed to the alerts of the step's fever patients, it notes
 * when each patient's fever episode was RAISED. Alert latency = that moment - the intended send time of the
 * reading that made the episode due ({@link FeverReplay}).
 */
final class AlertWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertWatch.class);

    private final Mqtt5AsyncClient client;
    private final Map<String, Long> dueAt = new ConcurrentHashMap<>();
    private final Map<String, Long> raisedAt = new ConcurrentHashMap<>();

    private AlertWatch(Mqtt5AsyncClient client) {
        this.client = client;
    }

    /** Connects as the caregiver and subscribes to the alerts of every patient given. */
    static AlertWatch subscribe(String host, int port, String caregiver, String password, Collection<String> patients)
            throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(caregiver + "/bench")
                .serverHost(host)
                .serverPort(port)
                .simpleAuth()
                .username(caregiver)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildAsync();
        AlertWatch watch = new AlertWatch(client);
        client.publishes(MqttGlobalPublishFilter.ALL, watch::onPublish);
        client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
        CompletableFuture.allOf(patients.stream()
                        .map(p -> client.subscribeWith()
                                .topicFilter(Topics.alerts(p))
                                .qos(MqttQos.AT_LEAST_ONCE)
                                .send()
                                .thenAccept(subAck -> {
                                    if (subAck.getReasonCodes().stream().anyMatch(c -> c.isError())) {
                                        throw new IllegalStateException("the broker refused " + caregiver
                                                + " the alerts of " + p + ": " + subAck.getReasonCodes());
                                    }
                                }))
                        .toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        return watch;
    }

    /** The reading that made {@code patient}'s episode due was to be sent at {@code intendedNanos}. */
    void due(String patient, long intendedNanos) {
        dueAt.putIfAbsent(patient, intendedNanos);
    }

    private void onPublish(Mqtt5Publish publish) {
        long now = System.nanoTime();
        try {
            Alert alert = Alert.parseFrom(publish.getPayloadAsBytes());
            if (alert.getFamily() == AlertFamily.ALERT_FAMILY_FEVER
                    && alert.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED) {
                raisedAt.putIfAbsent(alert.getPatientId(), now);
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("undecodable alert on {}", publish.getTopic(), e);
        }
    }

    /** Waits until every due episode was raised, at most {@code timeout}. */
    void awaitRaised(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!raisedAt.keySet().containsAll(dueAt.keySet()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
    }

    /**
     * The outcome: latencies (µs) of the episodes both due and raised; due but never raised; raised earlier
     * than the replay made them due (the worker and the replayed engine disagree); raised but never due.
     */
    Outcome outcome() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        int missing = 0;
        int early = 0;
        for (Map.Entry<String, Long> e : dueAt.entrySet()) {
            Long raised = raisedAt.get(e.getKey());
            if (raised == null) {
                missing++;
            } else if (raised < e.getValue()) {
                early++;
            } else {
                micros.recordValue(Math.min(micros.getHighestTrackableValue(), (raised - e.getValue()) / 1_000));
            }
        }
        long unexpected =
                raisedAt.keySet().stream().filter(p -> !dueAt.containsKey(p)).count();
        return new Outcome(micros, dueAt.size(), missing, early, unexpected);
    }

    record Outcome(Histogram micros, int due, int missing, int early, long unexpected) {}

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }
}
