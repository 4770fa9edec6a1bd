package dev.calor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioLoader;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.testsupport.PtyPair;
import dev.calor.testsupport.TempDirs;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The spine of Calor on real parts, each server its own process: a simulated patch writes contract frames
 * to a real pty; the edge bridge reads them with jSerialComm, stores them durably and publishes
 * ReadingBatches over MQTT 5 QoS 1; HiveMQ with the Calor extension validates and forwards them to the
 * ingest topic; the worker writes InfluxDB (a real influxd) and acknowledges after the write.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpineIT {

    private static final String DEVICE = PipelineFiles.DEVICE;
    private static final String DB = "calor";
    /** Boot epoch of the sentinel batch the refusal case publishes; no simulated patch uses it. */
    private static final int SENTINEL_EPOCH = 4242;

    private static Path dir;
    private static LocalPipeline pipeline;
    private static PtyPair pty;

    @BeforeAll
    static void startPipeline() {
        dir = TempDirs.create("calor-spine-");
        pipeline = LocalPipeline.start(new PipelineFiles(dir, DB, 60, "spine-secret"), null);
        pty = pipeline.own(PtyPair.open(dir));
        pipeline.startBridge(pty.bridgeSide());
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            keepLogs(dir, "spine");
            TempDirs.deleteRecursively(dir);
        }
    }

    /** Keeps every component's log under target/ for a failed CI run to be read. */
    static void keepLogs(Path dir, String name) throws java.io.IOException {
        Path target = Path.of("target", "pipeline-logs", name);
        Files.createDirectories(target);
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Order(1)
    void everyReadingOfAFeverArrivesInInfluxDbExactlyOnceWithItsValueTimeAndTagsAndTheCaregiverIsAlertedOnce()
            throws Exception {
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient caregiver = connect(PipelineFiles.CAREGIVER + "/spine", PipelineFiles.CAREGIVER);
        caregiver
                .subscribeWith()
                .topicFilter(Topics.alerts(PipelineFiles.PATIENT))
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    try {
                        alerts.add(Alert.parseFrom(p.getPayloadAsBytes()));
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .send()
                .join();
        Scenario scenario = ScenarioLoader.read(resource("scenarios/spine.yaml"));
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        PatchListener collector = new PatchListener() {
            @Override
            public void onReading(ReadingReport report) {
                sent.add(report);
            }
        };
        try (SerialPatchRunner patch =
                new SerialPatchRunner(scenario, pty.patchSide(), Clock.systemUTC(), collector, null)) {
            patch.start();
            patch.done().get(120, TimeUnit.SECONDS);
        }
        assertThat(sent).hasSize(20);

        List<Long> sentSequences = sent.stream().map(ReadingReport::sequence).toList();
        String query = "SELECT celsius, seq, boot_epoch FROM body_temperature WHERE device_id = '" + DEVICE
                + "' AND boot_epoch != " + SENTINEL_EPOCH + " GROUP BY *";
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(pipeline.influx().rows(DB, query))
                        .extracting(r -> ((Number) r.get("seq")).longValue())
                        .as("sequence numbers stored; sent: %s", sent)
                        .containsExactlyInAnyOrderElementsOf(sentSequences));
        List<Map<String, Object>> rows = pipeline.influx().rows(DB, query);
        Map<Long, Map<String, Object>> bySeq =
                rows.stream().collect(Collectors.toMap(r -> ((Number) r.get("seq")).longValue(), r -> r));
        for (ReadingReport reading : sent) {
            Map<String, Object> row = bySeq.get(reading.sequence());
            assertThat(row).as("reading seq=%d", reading.sequence()).isNotNull();
            assertThat(((Number) row.get("celsius")).doubleValue())
                    .isCloseTo(
                            reading.measurement().temperature().celsius(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(((Number) row.get("boot_epoch")).intValue()).isEqualTo(reading.bootEpoch());
            long deviceSecond = reading.measurement()
                    .temperature()
                    .timestamp()
                    .orElseThrow()
                    .toEpochSecond(ZoneOffset.UTC);
            long pointTimeNs = ((Number) row.get("time")).longValue();
            assertThat(Math.floorDiv(pointTimeNs, 1_000_000_000L))
                    .as("point time of seq=%d is the device's sample second", reading.sequence())
                    .isEqualTo(deviceSecond);
            assertThat(row).containsEntry("device_id", DEVICE).containsEntry("patient_id", PipelineFiles.PATIENT);
            assertThat(row.get("site")).isEqualTo("skin");
        }

        // the fever crosses 38 °C core-equivalent after ~6 readings and stays: one raise, nothing else twice
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alerts.stream().anyMatch(a -> a.getKind() == AlertKind.ALERT_KIND_FEVER));
        caregiver.disconnect().join();
        assertThat(alerts)
                .filteredOn(a -> a.getKind() == AlertKind.ALERT_KIND_FEVER)
                .extracting(Alert::getTransition)
                .containsExactly(AlertTransition.ALERT_TRANSITION_RAISED);
        assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void malformedPayloadsAreRefusedWith0x99AndNothingOfThemReachesInfluxDb() {
        long before = pipeline.influx().count(DB, "SELECT count(seq) FROM body_temperature");
        Mqtt5AsyncClient device = connect(DEVICE + "/spine-raw", DEVICE);
        try {
            assertThat(publish(device, new byte[] {0x08, (byte) 0x96, 0x01, 0x12, (byte) 0xff}))
                    .as("bytes that are not a ReadingBatch")
                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(publish(device, new byte[0]))
                    .as("an empty payload, which protobuf would parse as an empty batch")
                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

            // A valid batch published after the refused ones: once it is stored, the refused ones would be too.
            long nowNs = Instant.now().minusSeconds(1).toEpochMilli() * 1_000_000L;
            ReadingBatch sentinel = ReadingBatch.newBuilder()
                    .setSchemaVersion(SchemaVersions.CURRENT)
                    .setDeviceId(DEVICE)
                    .setBridgeId("spine-test")
                    .setBatchId(1)
                    .setCreatedTimeUnixNs(nowNs)
                    .addReadings(Reading.newBuilder()
                            .setBootEpoch(SENTINEL_EPOCH)
                            .setSequence(1)
                            .setSampleTimeUnixNs(nowNs)
                            .setTemperatureCelsius(36.6)
                            .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                            .setReceivedTimeUnixNs(nowNs))
                    .build();
            assertThat(publish(device, sentinel.toByteArray())).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pipeline.influx().count(DB, "SELECT count(seq) FROM body_temperature") > before);
            assertThat(pipeline.influx().count(DB, "SELECT count(seq) FROM body_temperature"))
                    .isEqualTo(before + 1);
            assertThat(pipeline.influx()
                            .count(DB, "SELECT count(seq) FROM body_temperature WHERE boot_epoch = " + SENTINEL_EPOCH))
                    .isEqualTo(1);
        } finally {
            device.disconnect().join();
        }
    }

    private static Mqtt5AsyncClient connect(String clientId, String username) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(pipeline.brokerPort())
                .buildAsync();
        client.connectWith()
                .simpleAuth()
                .username(username)
                .password("spine-secret".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .send()
                .join();
        return client;
    }

    private static Mqtt5PubAckReasonCode publish(Mqtt5AsyncClient client, byte[] payload) {
        try {
            Mqtt5PublishResult result = client.publishWith()
                    .topic(Topics.readings(DEVICE))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload)
                    .send()
                    .join();
            if (result.getError().isPresent() && result.getError().get() instanceof Mqtt5PubAckException e) {
                return e.getMqttMessage().getReasonCode();
            }
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Mqtt5PubAckException pubAck) {
                return pubAck.getMqttMessage().getReasonCode();
            }
            throw e;
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        Path path = Path.of(SpineIT.class.getClassLoader().getResource(name).toURI());
        assertThat(Files.exists(path)).isTrue();
        return path;
    }
}
