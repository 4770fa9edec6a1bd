package dev.calor.sim.ble;

import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.contract.ieee11073.Float11073;
import dev.calor.contract.ieee11073.SpecialValue;
import dev.calor.contract.serial.BodySite;
import dev.calor.contract.serial.Measurement;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.physiology.Battery;
import dev.calor.sim.physiology.BodySample;
import dev.calor.sim.physiology.Physiology;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated patch over BLE, driven by the same scenario and physiology as the serial patch: starts a
 * {@link FakeBluez} on the given bus, attaches one {@link FakeBluezPatch} for the scenario's device, and takes a
 * reading every sample interval (scenario time, accelerated). Scenario link losses take the patch out of radio
 * range for their duration; fever, hypothermia, detachment, sensor errors and battery drain come from the
 * physiology. When the timeline ends it waits up to {@link #DRAIN_TIMEOUT} for the bridge to acknowledge every
 * stored reading, then completes {@link #done()}.
 */
public final class BlePatchRunner implements AutoCloseable {

    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** BLE address of the simulated patch when none is given. */
    public static final String DEFAULT_ADDRESS = "C0:A1:00:00:00:01";

    private static final Logger LOG = LoggerFactory.getLogger(BlePatchRunner.class);
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

    private final Scenario scenario;
    private final String busAddress;
    private final String address;
    private final Clock clock;
    private final PatchListener listener;
    private final Physiology physiology;
    private final Battery battery;
    private final ScheduledExecutorService executor;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private FakeBluez bluez;
    private FakeBluezPatch patch;
    private Duration scenarioTime = Duration.ZERO;
    private long sampleIndex;
    private int lastBattery = -1;
    private boolean outOfRange;
    private long drainDeadlineNanos;

    /**
     * @param busAddress the D-Bus address to serve {@code org.bluez} on (a private bus, or a test system bus)
     * @param address the patch's BLE address, e.g. {@link #DEFAULT_ADDRESS}
     */
    public BlePatchRunner(Scenario scenario, String busAddress, String address, Clock clock, PatchListener listener) {
        this.scenario = scenario;
        this.busAddress = busAddress;
        this.address = address;
        this.clock = clock;
        this.listener = listener;
        this.physiology = new Physiology(scenario);
        this.battery = new Battery(scenario.battery());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ble-patch-" + scenario.deviceId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes {@code org.bluez} on the bus, shows the patch, and starts sampling; returns at once. */
    public void start() {
        PatchProfile profile = PatchProfile.of(scenario.deviceId(), address)
                .withFirmwareRevision(scenario.firmwareVersion())
                .withIntervalSeconds((int)
                        Math.max(1, Math.min(3600, scenario.sampleInterval().toSeconds())))
                .withStoreCapacity(scenario.link().storeCapacity())
                .withTemperatureType(htsType(scenario.sensor().site()));
        bluez = FakeBluez.start(busAddress);
        patch = bluez.attach(profile);
        listener.onEvent(
                "BLE patch " + scenario.deviceId() + " at " + address + " served as org.bluez on " + busAddress);
        LOG.info(
                "{}: scenario '{}' seed {} over BLE, one reading every {} s of scenario time = {} ms wall time",
                scenario.deviceId(),
                scenario.name(),
                scenario.seed(),
                scenario.sampleInterval().toSeconds(),
                realInterval().toMillis());
        executor.execute(this::sampleAndReschedule);
    }

    /** Completes when the scenario has ended and every reading is acknowledged (or the drain timed out). */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** The simulated patch, for tests and fault injection. */
    public FakeBluezPatch patch() {
        return patch;
    }

    /** The fake bluetoothd, for fault injection ({@link FakeBluez#restartDaemon()}). */
    public FakeBluez bluez() {
        return bluez;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bluez != null) {
            bluez.close();
        }
        done.complete(null);
    }

    private Duration realInterval() {
        return Duration.ofNanos(Math.round(scenario.sampleInterval().toNanos() / scenario.acceleration()));
    }

    private void sampleAndReschedule() {
        if (scenarioTime.compareTo(scenario.duration()) >= 0) {
            drainDeadlineNanos = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            listener.onEvent(
                    "scenario over; waiting for the bridge to acknowledge " + patch.storedCount() + " readings");
            executor.schedule(this::drain, 100, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            sample(scenarioTime);
        } catch (RuntimeException e) {
            LOG.error("{}: sample failed", scenario.deviceId(), e);
        }
        scenarioTime = scenarioTime.plus(scenario.sampleInterval());
        executor.schedule(this::sampleAndReschedule, realInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void sample(Duration t) {
        applyLinkEvents(t);
        BodySample body = physiology.sample(t, new SplittableRandom(scenario.seed() * SEED_MIX + sampleIndex++));
        int percent = battery.percentAt(t);
        if (percent != lastBattery) {
            lastBattery = percent;
            patch.battery(percent);
        }
        int bits = body.sensorError()
                ? SpecialValue.NAN.floatBits()
                : Float11073.fromDouble(body.sensorC(), TemperatureMeasurement.DEFAULT_EXPONENT);
        Optional<LocalDateTime> stamp = scenario.clock().setAtStart()
                ? Optional.of(LocalDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC))
                : Optional.empty();
        TemperatureMeasurement temperature = new TemperatureMeasurement(
                bits, TemperatureUnit.CELSIUS, stamp, htsType(scenario.sensor().site()));
        int flags = (body.detached() ? Measurement.FLAG_DETACHED : 0)
                | (body.warmingUp() ? Measurement.FLAG_WARMING_UP : 0)
                | (battery.lowAt(t) ? Measurement.FLAG_LOW_BATTERY : 0)
                | (stamp.isEmpty() ? Measurement.FLAG_CLOCK_UNSET : 0)
                | (body.sensorError() ? Measurement.FLAG_SENSOR_ERROR : 0);
        var record = patch.measure(flags, temperature);
        listener.onReading(new ReadingReport(
                scenario.deviceId(),
                record.bootEpoch(),
                record.sequence(),
                new Measurement(flags, scenario.sensor().site(), temperature),
                body.coreC(),
                patch.lastAcknowledgedSequence(),
                !outOfRange && patch.connected()));
    }

    private void applyLinkEvents(Duration t) {
        boolean lost = false;
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.LinkLoss l
                    && t.compareTo(l.at()) >= 0
                    && t.compareTo(l.at().plus(l.duration())) < 0) {
                lost = true;
            }
        }
        if (lost && !outOfRange) {
            outOfRange = true;
            patch.goOutOfRange();
            listener.onEvent(String.format(Locale.ROOT, "%s out of radio range at %s", scenario.deviceId(), t));
        } else if (!lost && outOfRange) {
            outOfRange = false;
            patch.comeBackInRange();
            listener.onEvent(String.format(Locale.ROOT, "%s back in radio range at %s", scenario.deviceId(), t));
        }
    }

    private void drain() {
        if (patch.storedCount() == 0 || System.nanoTime() > drainDeadlineNanos) {
            listener.onEvent(
                    patch.storedCount() == 0
                            ? "every reading acknowledged by the bridge"
                            : "drain timed out with " + patch.storedCount() + " readings unacknowledged");
            done.complete(null);
            return;
        }
        executor.schedule(this::drain, 100, TimeUnit.MILLISECONDS);
    }

    static Optional<TemperatureType> htsType(BodySite site) {
        return Optional.ofNullable(
                switch (site) {
                    case AXILLA -> TemperatureType.ARMPIT;
                    case CORE -> TemperatureType.BODY_GENERAL;
                    case ORAL -> TemperatureType.MOUTH;
                    case RECTAL -> TemperatureType.RECTUM;
                    case TYMPANIC -> TemperatureType.TYMPANUM;
                    default -> null;
                });
    }
}
