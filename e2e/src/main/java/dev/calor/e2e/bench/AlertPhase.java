package dev.calor.e2e.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.sim.fleet.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threshold crossing to alert: for each sample a fresh patient's patch sends the readings that
 * complete a sustained fever (core 39.4 °C for the last {@value #FEVER_MINUTES} minutes, ending now),
 * and the time from that publish until the caregiver's subscription receives the RAISED alert is
 * recorded. Runs while nothing else loads the pipeline unless the caller arranges it.
 */
final class AlertPhase {

    static final int FEVER_MINUTES = 12;
    private static final double FEVER_CORE_CELSIUS = 39.4;
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(AlertPhase.class);

    private AlertPhase() {}

    static void run(BenchPlan plan, Pipeline pipeline, BenchResults results) throws InterruptedException {
        if (plan.alertSamples() == 0) {
            return;
        }
        Map<String, Long> raisedAt = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
        for (int i = 0; i < plan.alertSamples(); i++) {
            arrived.put(pipeline.alertPatient(i), new CountDownLatch(1));
        }
        LatencyHistogram histogram = new LatencyHistogram();
        int missing = 0;
        try (ProbeClient caregiver = new ProbeClient(
                pipeline.brokerHost(),
                pipeline.brokerPort(),
                pipeline.caregiverUsername(),
                pipeline.caregiverPassword())) {
            Mqtt5AsyncClient async = caregiver.client().toAsync();
            for (int i = 0; i < plan.alertSamples(); i++) {
                async.subscribeWith()
                        .topicFilter(Topics.alerts(pipeline.alertPatient(i)))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .callback(p -> onAlert(p, raisedAt, arrived))
                        .send()
                        .get(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < plan.alertSamples(); i++) {
                String device = pipeline.alertDevice(i);
                try (ProbeClient patch = new ProbeClient(
                        pipeline.brokerHost(),
                        pipeline.brokerPort(),
                        device,
                        pipeline.passwordTemplate().replace("{device}", device))) {
                    long start = System.nanoTime();
                    patch.publish(feverBatch(device, Instant.now()));
                    String patient = pipeline.alertPatient(i);
                    if (arrived.get(patient).await(SAMPLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        histogram.recordMicros((raisedAt.get(patient) - start) / 1_000);
                    } else {
                        missing++;
                    }
                }
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            results.note("alerts: caregiver could not subscribe: " + e);
        }
        LOG.info("alerts: {} samples, p50 {} µs", histogram.count(), histogram.percentileMicros(50));
        results.put("latency", "threshold crossing -> alert p50", histogram.percentileMicros(50) / 1000.0, "ms");
        results.put("latency", "threshold crossing -> alert p99", histogram.percentileMicros(99) / 1000.0, "ms");
        results.put("latency", "threshold crossing -> alert samples", histogram.count(), "");
        if (missing > 0) {
            results.note("alerts: " + missing + " fever alerts did not arrive within " + SAMPLE_TIMEOUT);
        }
    }

    /** One reading a minute at fever level, the last one now: the fever is sustained with the last one. */
    static ReadingBatch feverBatch(String deviceId, Instant now) {
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        ReadingBatch.Builder batch = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId(deviceId)
                .setBatchId(1)
                .setCreatedTimeUnixNs(nowNs);
        for (int m = 0; m <= FEVER_MINUTES; m++) {
            batch.addReadings(Reading.newBuilder()
                    .setSequence(m + 1)
                    .setBootEpoch(1)
                    .setSampleTimeUnixNs(nowNs - (FEVER_MINUTES - m) * 60_000_000_000L)
                    .setTemperatureCelsius(FEVER_CORE_CELSIUS)
                    .setSite(MeasurementSite.MEASUREMENT_SITE_CORE)
                    .setReceivedTimeUnixNs(nowNs));
        }
        return batch.build();
    }

    private static void onAlert(Mqtt5Publish publish, Map<String, Long> raisedAt, Map<String, CountDownLatch> arrived) {
        long now = System.nanoTime();
        try {
            Alert alert = Alert.parseFrom(publish.getPayloadAsBytes());
            if (alert.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED
                    && raisedAt.putIfAbsent(alert.getPatientId(), now) == null) {
                CountDownLatch latch = arrived.get(alert.getPatientId());
                if (latch != null) {
                    latch.countDown();
                }
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("undecodable alert on {}", publish.getTopic(), e);
        }
    }
}
