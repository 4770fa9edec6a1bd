package dev.calor.edgebridge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.edgebridge.testing.RecordingListener;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.PatchListener;
import dev.calor.retry.Backoff;
import dev.calor.sim.ble.BlePatchRunner;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import dev.calor.testsupport.DbusDaemon;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fever scenario of the simulator over the fake BlueZ, with the patch out of radio range for a while: every
 * reading it took reaches the bridge's BLE transport, and every one is acknowledged back so the patch is empty.
 */
@Timeout(60)
class BleScenarioIT {

    @TempDir
    Path dir;

    @Test
    void feverScenarioWithARadioGapDeliversEveryReadingOnce() throws Exception {
        Scenario scenario = Scenario.defaults()
                .withDeviceId("patch-ble-fever")
                .withSampleInterval(Duration.ofMinutes(1))
                .withAcceleration(1200.0) // one reading every 50 ms
                .withDuration(Duration.ofHours(2))
                .withEvents(List.of(
                        new ScenarioEvent.Fever(Duration.ofMinutes(10), 39.6, 6.0, Duration.ofMinutes(60), 3.0),
                        new ScenarioEvent.LinkLoss(Duration.ofMinutes(40), Duration.ofMinutes(20))));
        List<ReadingReport> taken = new CopyOnWriteArrayList<>();
        AtomicReference<BleTransport> transportRef = new AtomicReference<>();
        RecordingListener received = new RecordingListener();
        PatchListener acking = new ForwardingListener(received) {
            @Override
            public void onMeasurement(Measurement m) {
                super.onMeasurement(m);
                transportRef.get().acknowledge(m.bootEpoch(), m.sequence());
            }
        };

        try (DbusDaemon bus = DbusDaemon.start(dir);
                BlePatchRunner runner = new BlePatchRunner(
                        scenario,
                        bus.address(),
                        BlePatchRunner.DEFAULT_ADDRESS,
                        Clock.systemUTC(),
                        new dev.calor.sim.patch.PatchListener() {
                            @Override
                            public void onReading(ReadingReport report) {
                                taken.add(report);
                            }
                        })) {
            runner.start();
            BleTransport transport = BleTransport.create(
                    BleTransportSettings.forAddress(scenario.deviceId(), BlePatchRunner.DEFAULT_ADDRESS)
                            .withBusAddress(bus.address())
                            .withReconnect(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300))));
            transportRef.set(transport);
            try (transport) {
                transport.start(acking);
                runner.done().get(50, java.util.concurrent.TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> runner.patch().storedCount() == 0);
            }

            assertThat(taken).hasSize(120);
            assertThat(received.distinctSequences()).isEqualTo(120);
            assertThat(taken).filteredOn(r -> !r.sent()).hasSizeGreaterThanOrEqualTo(15);
            assertThat(received.measurements.stream()
                            .mapToDouble(Measurement::celsius)
                            .max()
                            .orElseThrow())
                    .isGreaterThan(38.0); // skin reading of a 39.6 °C core fever
            assertThat(runner.patch().overwrittenCount()).isZero();
        }
    }
}
