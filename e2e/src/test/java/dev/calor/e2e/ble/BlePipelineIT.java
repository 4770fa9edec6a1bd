package dev.calor.e2e.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.sim.ble.BlePatchRunner;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import dev.calor.testsupport.DbusDaemon;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The BLE path on real parts: the simulator's patch served by a fake bluetoothd on a private dbus-daemon, the
 * edge bridge (its own process) reaching it through BlueZ's D-Bus API, HiveMQ with the Calor extension, the
 * worker and influxd. The patch runs a fever and leaves radio range for a while; what it stored meanwhile is
 * transferred when it returns, and every reading lands in InfluxDB exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BlePipelineIT {

    private static final String DEVICE = PipelineFiles.DEVICE;
    private static final String DB = "calor";
    private static final String SECRET = "ble-secret";

    private Path dir;
    private LocalPipeline pipeline;

    @AfterEach
    void stop() {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void feverReadingsOverBleWithARadioGapReachInfluxDbExactlyOnce() throws Exception {
        dir = TempDirs.create("calor-ble-");
        pipeline = LocalPipeline.start(new PipelineFiles(dir, DB, 60, SECRET), null);
        DbusDaemon bus = pipeline.own(DbusDaemon.start(dir));
        Scenario scenario = Scenario.defaults()
                .withDeviceId(DEVICE)
                .withSeed(7L)
                .withSampleInterval(Duration.ofMinutes(1))
                .withAcceleration(60.0) // a reading every second: the point time is the device second
                .withDuration(Duration.ofMinutes(20))
                .withEvents(List.of(
                        new ScenarioEvent.Fever(Duration.ZERO, 39.5, 12.0, Duration.ofHours(1), 3.0),
                        new ScenarioEvent.LinkLoss(Duration.ofMinutes(8), Duration.ofMinutes(5))));
        List<ReadingReport> sent = new CopyOnWriteArrayList<>();
        PatchListener collector = new PatchListener() {
            @Override
            public void onReading(ReadingReport report) {
                sent.add(report);
            }
        };

        try (BlePatchRunner patch = new BlePatchRunner(
                scenario, bus.address(), BlePatchRunner.DEFAULT_ADDRESS, Clock.systemUTC(), collector)) {
            patch.start();
            pipeline.startJava(
                    "bridge",
                    LocalPipeline.BRIDGE_MAIN,
                    List.of("--config", bridgeConfig(bus).toString()));
            patch.done().get(120, TimeUnit.SECONDS);
            assertThat(patch.patch().storedCount())
                    .as("readings the bridge never acknowledged")
                    .isZero();
        }
        assertThat(sent).hasSize(20);
        assertThat(sent)
                .filteredOn(r -> !r.sent())
                .as("taken while out of range")
                .hasSizeGreaterThanOrEqualTo(4);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> pipeline.storedReadings(DEVICE) >= sent.size());
        List<Map<String, Object>> rows = pipeline.influx()
                .rows(
                        DB,
                        "SELECT celsius, seq, boot_epoch FROM body_temperature WHERE device_id = '" + DEVICE
                                + "' GROUP BY *");
        assertThat(rows).hasSize(sent.size());
        Map<Long, Map<String, Object>> bySeq =
                rows.stream().collect(Collectors.toMap(r -> ((Number) r.get("seq")).longValue(), r -> r));
        for (ReadingReport reading : sent) {
            Map<String, Object> row = bySeq.get(reading.sequence());
            assertThat(row).as("reading seq=%d", reading.sequence()).isNotNull();
            assertThat(((Number) row.get("celsius")).doubleValue())
                    .isCloseTo(reading.measurement().temperature().celsius(), Offset.offset(1e-6));
            long deviceSecond = reading.measurement()
                    .temperature()
                    .timestamp()
                    .orElseThrow()
                    .toEpochSecond(ZoneOffset.UTC);
            assertThat(Math.floorDiv(((Number) row.get("time")).longValue(), 1_000_000_000L))
                    .isEqualTo(deviceSecond);
            assertThat(row.get("site")).isEqualTo("skin");
        }
        assertThat(rows.stream()
                        .mapToDouble(r -> ((Number) r.get("celsius")).doubleValue())
                        .max()
                        .orElseThrow())
                .as("the fever shows on the skin")
                .isGreaterThan(37.5);
    }

    private Path bridgeConfig(DbusDaemon bus) throws IOException {
        Path file = dir.resolve("bridge-ble.yaml");
        Files.writeString(
                file,
                """
                bridge-id: ble-bridge
                buffer:
                  file: %s
                broker:
                  host: 127.0.0.1
                  port: %d
                publish:
                  interval: 1s
                http:
                  port: %d
                patches:
                  - device-id: %s
                    password: %s
                    ble:
                      address: "%s"
                      bus-address: "%s"
                      reconnect-initial: 100ms
                      reconnect-max: 1s
                """
                        .formatted(
                                dir.resolve("bridge-ble-buffer.db"),
                                pipeline.brokerPort(),
                                FreePorts.next(),
                                DEVICE,
                                SECRET,
                                BlePatchRunner.DEFAULT_ADDRESS,
                                bus.address()));
        return file;
    }
}
