package dev.calor.app.web;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A skin patch as its edge bridge sends it: reading batches over MQTT 5, QoS 1, PUBACK checked. */
final class Patch implements AutoCloseable {

    private final String deviceId;
    private final Mqtt5BlockingClient client;
    private long batchId;
    private int sequence;

    Patch(int port, String deviceId, String password) {
        this.deviceId = deviceId;
        this.client = Mqtt5Client.builder()
                .identifier(deviceId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .simpleAuth()
                .username(deviceId)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildBlocking();
        client.connect();
    }

    /** Sends one skin reading sampled now. */
    void send(double skinCelsius) {
        Instant now = Instant.now();
        publish(List.of(now), skinCelsius);
    }

    /**
     * Sends, in one batch, what the patch measured over the last {@code span} every {@code step} (as a bridge
     * does after a reconnect): the alert engine then has the history its sustain windows need.
     */
    void sendBacklog(double skinCelsius, Duration span, Duration step) {
        Instant now = Instant.now();
        List<Instant> times = new ArrayList<>();
        for (Instant t = now.minus(span); t.isBefore(now); t = t.plus(step)) {
            times.add(t);
        }
        publish(times, skinCelsius);
    }

    private void publish(List<Instant> sampleTimes, double skinCelsius) {
        long now = nanos(Instant.now());
        ReadingBatch.Builder batch = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId("bridge-browser-test")
                .setBatchId(++batchId)
                .setCreatedTimeUnixNs(now);
        for (Instant t : sampleTimes) {
            batch.addReadings(Reading.newBuilder()
                    .setSequence(++sequence)
                    .setBootEpoch(1)
                    .setSampleTimeUnixNs(nanos(t))
                    .setTemperatureCelsius(skinCelsius)
                    .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                    .setReceivedTimeUnixNs(now));
        }
        Mqtt5PublishResult result = client.publishWith()
                .topic(Topics.readings(deviceId))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(batch.build().toByteArray())
                .send();
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                && q1.getPubAck().getReasonCode().isError()) {
            throw new IllegalStateException("the broker refused a reading of " + deviceId + ": "
                    + q1.getPubAck().getReasonCode());
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}
