package dev.calor.worker.testing;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.LinkState;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A device (as its bridge) publishing reading batches QoS 1 and checking the broker accepted them. */
public final class TestDevice implements AutoCloseable {

    private final String deviceId;
    private final Mqtt5BlockingClient client;
    private long batchId;
    private int sequence;

    public TestDevice(int port, String deviceId, String password) {
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

    /** Publishes readings sampled at the given times with the given values (as measured on the skin). */
    public void publish(Instant[] times, double[] celsius) {
        ReadingBatch.Builder b = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId("bridge-test")
                .setBatchId(++batchId)
                .setCreatedTimeUnixNs(nanos(Instant.now()));
        for (int i = 0; i < times.length; i++) {
            b.addReadings(Reading.newBuilder()
                    .setSequence(++sequence)
                    .setBootEpoch(1)
                    .setSampleTimeUnixNs(nanos(times[i]))
                    .setTemperatureCelsius(celsius[i])
                    .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                    .setReceivedTimeUnixNs(nanos(times[i]) + 1_000_000));
        }
        Mqtt5PublishResult r = client.publishWith()
                .topic(Topics.readings(deviceId))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(b.build().toByteArray())
                .send();
        if (r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                && q1.getPubAck().getReasonCode().isError()) {
            throw new IllegalStateException("broker refused batch " + batchId + " of " + deviceId + ": "
                    + q1.getPubAck().getReasonCode() + " "
                    + q1.getPubAck().getReasonString().map(Object::toString).orElse(""));
        }
    }

    /** Publishes the bridge's retained status of this device, saying how many readings it still holds. */
    public void publishStatus(long bufferDepth) {
        DeviceStatus status = DeviceStatus.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId("bridge-test")
                .setLinkState(LinkState.LINK_STATE_ONLINE)
                .setTimeUnixNs(nanos(Instant.now()))
                .setBufferDepth(bufferDepth)
                .build();
        Mqtt5PublishResult r = client.publishWith()
                .topic(Topics.status(deviceId))
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(status.toByteArray())
                .send();
        if (r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                && q1.getPubAck().getReasonCode().isError()) {
            throw new IllegalStateException("broker refused the status of " + deviceId + ": "
                    + q1.getPubAck().getReasonCode());
        }
    }

    public static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
