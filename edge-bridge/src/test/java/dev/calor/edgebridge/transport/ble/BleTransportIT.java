package dev.calor.edgebridge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.edgebridge.testing.RecordingListener;
import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.retry.Backoff;
import dev.calor.sim.ble.FakeBluez;
import dev.calor.sim.ble.FakeBluezPatch;
import dev.calor.sim.ble.PatchProfile;
import dev.calor.testsupport.DbusDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The BLE transport against the simulator's fake bluetoothd on a private dbus-daemon. */
@Timeout(60)
class BleTransportIT {

    private static final String DEVICE_ID = "patch-ble-1";
    private static final String ADDRESS = "C0:A1:00:00:00:01";
    private static final LocalDateTime T0 = LocalDateTime.of(2026, 11, 21, 3, 0, 0);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(BleTransportIT.class);

    @TempDir
    Path dir;

    private DbusDaemon bus;
    private FakeBluez bluez;
    private FakeBluezPatch patch;
    private BleTransport transport;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() {
        bus = DbusDaemon.start(dir);
        bluez = FakeBluez.start(bus.address());
        patch = bluez.attach(PatchProfile.of(DEVICE_ID, ADDRESS).withBootEpoch(7));
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (bluez != null) {
            bluez.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void feverReadingsIndicatedByThePatchArriveWithTheirValues() {
        startTransport(settings());

        patch.measure(reading(38.25, 0));
        patch.measure(reading(39.1, 60));
        patch.measure(reading(40.05, 120));

        await().atMost(WAIT).until(() -> listener.measurements.size() >= 3);
        assertThat(listener.measurements).extracting(Measurement::celsius).containsExactly(38.25, 39.1, 40.05);
        Measurement first = listener.measurements.get(0);
        assertThat(first.deviceId()).isEqualTo(DEVICE_ID);
        assertThat(first.bootEpoch()).isEqualTo(7);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.site()).isEqualTo(MeasurementSite.MEASUREMENT_SITE_AXILLA);
        assertThat(first.deviceTime()).contains(Instant.parse("2026-11-21T03:00:00Z"));
        assertThat(listener.measurements.get(2).sequence()).isEqualTo(3);
        assertThat(listener.hellos).hasSize(1);
        assertThat(listener.hellos.get(0).firmwareVersion()).isEqualTo(PatchProfile.DEFAULT_FIRMWARE);
        assertThat(listener.hellos.get(0).bootEpoch()).isEqualTo(7);
        assertThat(listener.battery).containsExactly(PatchProfile.DEFAULT_BATTERY_PERCENT);
    }

    @Test
    void acknowledgementFreesTheReadingsOnThePatch() {
        startTransport(settings());
        patch.measure(reading(37.0, 0));
        patch.measure(reading(37.1, 60));
        patch.measure(reading(37.2, 120));
        await().atMost(WAIT).until(() -> listener.measurements.size() >= 3);

        transport.acknowledge(7, 2);
        await().atMost(WAIT).until(() -> patch.storedCount() == 1);
        transport.acknowledge(7, 3);

        await().atMost(WAIT).until(() -> patch.storedCount() == 0);
        assertThat(patch.acknowledgedCount()).isEqualTo(3);
    }

    @Test
    void readingsStoredWhileOutOfRangeAreTransferredWhenThePatchReturns() {
        startTransport(settings());
        patch.measure(reading(37.0, 0));
        await().atMost(WAIT).until(() -> listener.measurements.size() == 1);
        transport.acknowledge(7, 1);
        await().atMost(WAIT).until(() -> patch.storedCount() == 0);

        patch.goOutOfRange();
        await().atMost(WAIT).until(() -> transport.linkState() == LinkState.DISCONNECTED);
        for (int i = 1; i <= 20; i++) {
            patch.measure(reading(38.0 + i / 10.0, 60L * i));
        }
        assertThat(patch.storedCount()).isEqualTo(20);
        patch.comeBackInRange();

        await().atMost(WAIT).until(() -> listener.distinctSequences() == 21);
        assertThat(listener.measurements)
                .filteredOn(m -> m.sequence() == 21)
                .extracting(Measurement::celsius)
                .containsOnly(40.0);
        transport.acknowledge(7, 21);
        await().atMost(WAIT).until(() -> patch.storedCount() == 0);
        assertThat(listener.links).containsSubsequence(LinkState.ONLINE, LinkState.DISCONNECTED, LinkState.ONLINE);
    }

    @Test
    void linkLossAndReturnReconnectsAndKeepsStreaming() {
        startTransport(settings());
        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);

        patch.goOutOfRange();
        await().atMost(WAIT).until(() -> transport.linkState() == LinkState.DISCONNECTED);
        patch.comeBackInRange();
        await().atMost(WAIT).until(() -> listener.onlineCount() == 2);
        patch.measure(reading(38.5, 0));

        await().atMost(WAIT).until(() -> listener.measurements.size() == 1);
        assertThat(listener.measurements.get(0).celsius()).isEqualTo(38.5);
    }

    @Test
    void aGapTheIntakeReportsIsAnsweredWithATransferOfWhatThePatchStillHolds() {
        startTransport(settings());
        await().atMost(WAIT).until(() -> patch.transferCount() == 1); // set-up finished
        patch.measure(reading(37.0, 0));
        patch.measure(reading(37.1, 60));
        await().atMost(WAIT).until(() -> listener.measurements.size() == 2);

        transport.requestResend(7, 1); // the intake misses seq 1.. of epoch 7

        await().atMost(WAIT).until(() -> patch.transferCount() == 2);
        await().alias("the unacknowledged records are notified again")
                .atMost(WAIT)
                .until(() -> listener.measurements.size() >= 4);
        assertThat(listener.measurements).extracting(m -> m.sequence()).contains(1L, 2L);
    }

    @Test
    void bluetoothdRestartIsFollowedByReconnection() {
        startTransport(settings());
        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);
        await().atMost(WAIT).until(() -> patch.transferCount() == 1); // set-up finished

        bluez.restartDaemon();

        await().atMost(WAIT).until(() -> listener.onlineCount() == 2);
        assertThat(listener.linkDetails).anyMatch(d -> d.contains("bluetoothd"));
        patch.measure(reading(39.0, 0));
        await().atMost(WAIT).until(() -> listener.measurements.size() == 1);
        assertThat(listener.measurements.get(0).celsius()).isEqualTo(39.0);
    }

    @Test
    void deviceRemovedByBluezIsRediscoveredAndReconnected() {
        startTransport(settings());
        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);

        patch.disappear();

        await().atMost(WAIT).until(() -> listener.onlineCount() == 2);
        assertThat(patch.appearances()).isEqualTo(2);
        assertThat(bluez.discovering()).isFalse();
        patch.measure(reading(38.8, 0));
        await().atMost(WAIT).until(() -> listener.measurements.size() == 1);
    }

    @Test
    void configuredMeasurementIntervalIsWrittenAndBatteryFollowed() {
        startTransport(settings().withMeasurementInterval(30));
        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);

        patch.battery(41);

        assertThat(patch.intervalSeconds()).isEqualTo(30);
        assertThat(listener.hellos.get(0).sampleIntervalSeconds()).isEqualTo(30);
        await().atMost(WAIT).until(() -> listener.battery.contains(41));
    }

    @Test
    void patchFoundByNameWhenNoAddressIsConfigured() {
        BleTransportSettings byName = new BleTransportSettings(
                DEVICE_ID,
                java.util.Optional.empty(),
                java.util.Optional.of("Calor " + DEVICE_ID),
                "hci0",
                java.util.Optional.of(bus.address()),
                0,
                fastBackoff(),
                Duration.ofSeconds(5));
        startTransport(byName);

        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);
        assertThat(patch.streaming()).isTrue();
    }

    @Test
    void fullStoreOfFourThousandReadingsIsTransferredAfterALongGap() {
        startTransport(settings());
        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);
        patch.goOutOfRange();
        await().atMost(WAIT).until(() -> transport.linkState() == LinkState.DISCONNECTED);
        int backlog = PatchProfile.DEFAULT_STORE_CAPACITY;
        for (int i = 0; i < backlog; i++) {
            patch.measure(reading(36.5 + (i % 300) / 100.0, 60L * i));
        }

        long started = System.nanoTime();
        patch.comeBackInRange();
        await().atMost(Duration.ofSeconds(40)).until(() -> listener.distinctSequences() == backlog);
        long transferMillis = (System.nanoTime() - started) / 1_000_000;
        transport.acknowledge(7, backlog);
        await().atMost(WAIT).until(() -> patch.storedCount() == 0);

        assertThat(patch.overwrittenCount()).isZero();
        assertThat(listener.measurements).hasSize(backlog);
        System.out.printf(
                "BLE backlog transfer: %d readings in %d ms (%.0f readings/s) incl. reconnect%n",
                backlog, transferMillis, backlog * 1000.0 / Math.max(1, transferMillis));
    }

    @Test
    void busRestartIsFollowedByReconnection() {
        String socketOnly = bus.address().replaceAll(",guid=.*", "");
        startTransport(settings().withBusAddress(socketOnly));
        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);
        // a call in flight when the bus dies waits for dbus-java's 20 s reply timeout; not what this test is about
        await().atMost(WAIT).until(() -> patch.transferCount() == 1);

        bluez.close();
        bus.close();
        await().atMost(WAIT).until(() -> transport.linkState() == LinkState.DISCONNECTED);
        bus = DbusDaemon.start(dir);
        bluez = FakeBluez.start(bus.address());
        patch = bluez.attach(PatchProfile.of(DEVICE_ID, ADDRESS).withBootEpoch(7));

        await().atMost(WAIT).until(() -> listener.onlineCount() == 2);
        patch.measure(reading(38.1, 0));
        await().atMost(WAIT).until(() -> listener.measurements.size() == 1);
    }

    @Test
    void patchReportingAnotherSerialNumberIsRefusedAndNeverOnline() {
        startTransport(BleTransportSettings.forAddress("someone-else", ADDRESS)
                .withBusAddress(bus.address())
                .withReconnect(fastBackoff()));

        await().atMost(WAIT).until(() -> listener.rejected.contains(RejectReason.INVALID));
        await().atMost(WAIT).until(() -> listener.rejected.size() >= 2); // refused again on every retry
        assertThat(listener.onlineCount()).isZero();
        assertThat(listener.measurements).isEmpty();
    }

    @Test
    void plainHealthThermometerIsReadThroughTemperatureMeasurementIndications() {
        FakeBluezPatch plain = bluez.attachPlainThermometer(PatchProfile.of("thermo-1", "C0:A1:00:00:00:02"));
        startTransport(BleTransportSettings.forAddress("thermo-1", "C0:A1:00:00:00:02")
                .withBusAddress(bus.address())
                .withReconnect(fastBackoff()));
        await().atMost(WAIT).until(() -> listener.onlineCount() == 1);

        plain.measure(reading(38.7, 0));

        await().atMost(WAIT).until(() -> listener.measurements.size() == 1);
        Measurement m = listener.measurements.get(0);
        assertThat(m.celsius()).isEqualTo(38.7);
        assertThat(m.bootEpoch()).isZero();
        assertThat(m.sequence()).isEqualTo(Instant.parse("2026-11-21T03:00:00Z").getEpochSecond());
        assertThat(listener.hellos.get(0).bootEpoch()).isEqualTo(-1);
    }

    @Test
    void twoPatchesOnOneAdapterEachReachTheirOwnTransport() {
        FakeBluezPatch second = bluez.attach(PatchProfile.of("patch-ble-2", "C0:A1:00:00:00:02"));
        RecordingListener secondListener = new RecordingListener();
        startTransport(settings());
        try (BleTransport other =
                BleTransport.create(BleTransportSettings.forAddress("patch-ble-2", "C0:A1:00:00:00:02")
                        .withBusAddress(bus.address())
                        .withReconnect(fastBackoff()))) {
            other.start(secondListener);
            await().atMost(WAIT).until(() -> listener.onlineCount() == 1 && secondListener.onlineCount() == 1);

            patch.measure(reading(37.1, 0));
            second.measure(reading(39.2, 0));
            second.measure(reading(39.3, 60));

            await().atMost(WAIT)
                    .until(() -> listener.measurements.size() == 1 && secondListener.measurements.size() == 2);
            assertThat(listener.measurements).extracting(Measurement::deviceId).containsOnly(DEVICE_ID);
            assertThat(secondListener.measurements)
                    .extracting(Measurement::celsius)
                    .containsExactly(39.2, 39.3);
            assertThat(secondListener.measurements)
                    .extracting(Measurement::deviceId)
                    .containsOnly("patch-ble-2");
        }
    }

    private void startTransport(BleTransportSettings settings) {
        transport = BleTransport.create(settings);
        transport.start(listener);
    }

    private BleTransportSettings settings() {
        return BleTransportSettings.forAddress(DEVICE_ID, ADDRESS)
                .withBusAddress(bus.address())
                .withReconnect(fastBackoff());
    }

    private static Backoff fastBackoff() {
        return new Backoff(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private static TemperatureMeasurement reading(double celsius, long secondsAfterT0) {
        return TemperatureMeasurement.of(celsius, TemperatureUnit.CELSIUS, T0.plusSeconds(secondsAfterT0), null);
    }
}
