package dev.calor.e2e.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One patch of the open-loop load on its own MQTT 5 connection (username = device id), sending core
 * temperatures with consecutive sequence numbers and strictly increasing sample times: a healthy 36.6–37.0 °C
 * until its planned fever, 39.3–39.5 °C from then on.
 */
final class LoadPatch {

    private static final long MIN_SPACING_NS = 1_000;

    private final String deviceId;
    private final Mqtt5AsyncClient client;
    private final String topic;
    private final SplittableRandom random;
    private final FeverReplay replay;
    private int nextSequence = 1;
    private long nextBatchId = 1;
    private long lastSampleNs = Long.MIN_VALUE;
    private long feverFromEpochNs = Long.MAX_VALUE;

    /** @param replay the alert engine replayed on this patch's readings, null for a patch that stays healthy */
    LoadPatch(String deviceId, String host, int port, String password, long seed, FeverReplay replay) {
        this.deviceId = deviceId;
        this.topic = Topics.readings(deviceId);
        this.random = new SplittableRandom(seed);
        this.replay = replay;
        this.client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(deviceId)
                .serverHost(host)
                .serverPort(port)
                .simpleAuth()
                .username(deviceId)
                .password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildAsync();
    }

    String deviceId() {
        return deviceId;
    }

    FeverReplay replay() {
        return replay;
    }

    CompletableFuture<?> connect() {
        return client.connectWith().cleanStart(true).keepAlive(60).send();
    }

    CompletableFuture<Void> disconnect() {
        return client.getState().isConnected() ? client.disconnect() : CompletableFuture.completedFuture(null);
    }

    /** From this sample time (epoch ns) on the patch reads febrile. */
    void feverFrom(long epochNs) {
        this.feverFromEpochNs = epochNs;
    }

    /**
     * The next {@code count} readings, sampled {@code spacingNs} apart and ending at {@code endEpochNs}, never
     * before {@code notBeforeEpochNs} (the start of the step) nor at or before the previous batch's last one.
     */
    ReadingBatch nextBatch(int count, long endEpochNs, long spacingNs, long notBeforeEpochNs) {
        ReadingBatch.Builder batch = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId(deviceId)
                .setBatchId(nextBatchId++)
                .setCreatedTimeUnixNs(endEpochNs);
        for (int i = 0; i < count; i++) {
            long ideal = Math.max(notBeforeEpochNs, endEpochNs - (count - 1 - i) * spacingNs);
            lastSampleNs = lastSampleNs == Long.MIN_VALUE ? ideal : Math.max(ideal, lastSampleNs + MIN_SPACING_NS);
            double celsius = lastSampleNs >= feverFromEpochNs
                    ? 39.3 + random.nextInt(21) / 100.0
                    : 36.6 + random.nextInt(41) / 100.0;
            batch.addReadings(Reading.newBuilder()
                    .setSequence(nextSequence++)
                    .setBootEpoch(1)
                    .setSampleTimeUnixNs(lastSampleNs)
                    .setTemperatureCelsius(celsius)
                    .setSite(MeasurementSite.MEASUREMENT_SITE_CORE)
                    .setReceivedTimeUnixNs(endEpochNs));
        }
        return batch.build();
    }

    /** Publishes at QoS 1; completes with the broker's answer, never exceptionally (a failure is a result). */
    CompletableFuture<Boolean> publish(ReadingBatch batch, long timeoutMillis) {
        return client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(batch.toByteArray())
                .send()
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle((result, failure) -> failure == null && accepted(result));
    }

    private static boolean accepted(Mqtt5PublishResult result) {
        if (result.getError().isPresent()) {
            return false;
        }
        return !(result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1)
                || !qos1.getPubAck().getReasonCode().isError();
    }
}
