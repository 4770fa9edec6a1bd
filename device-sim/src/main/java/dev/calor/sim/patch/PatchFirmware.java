package dev.calor.sim.patch;

import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureType;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.contract.ieee11073.Float11073;
import dev.calor.contract.ieee11073.SpecialValue;
import dev.calor.contract.serial.Ack;
import dev.calor.contract.serial.BodySite;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FramePayload;
import dev.calor.contract.serial.Hello;
import dev.calor.contract.serial.Measurement;
import dev.calor.contract.serial.ProtocolVersion;
import dev.calor.contract.serial.SetInterval;
import dev.calor.contract.serial.Status;
import dev.calor.contract.serial.TimeSet;
import dev.calor.sim.physiology.Battery;
import dev.calor.sim.physiology.BodySample;
import dev.calor.sim.physiology.Physiology;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviour of a patch's firmware, as the contract describes it, without any I/O or threads: the caller
 * drives it ({@link #sample()}, {@link #onFrame}, {@link #tick()}, port open/close) from one thread and gives
 * it a {@link FrameTransmitter}. Readings are values of the scenario at scenario time; time stamps come from
 * the patch clock, which runs in wall time.
 */
public final class PatchFirmware {

    /** A patch that has heard nothing from a bridge repeats its HELLO this often. */
    public static final Duration HELLO_REPEAT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(PatchFirmware.class);
    private static final Logger OVERWRITTEN = LoggerFactory.getLogger("calor.event.reading-overwritten");
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;
    private static final int CAPABILITIES = Hello.CAP_CLOCK
            | Hello.CAP_SET_INTERVAL
            | Hello.CAP_BATTERY
            | Hello.CAP_STORED_READINGS
            | Hello.CAP_DETACH_DETECTION;

    private final Scenario scenario;
    private final Physiology physiology;
    private final Battery battery;
    private final Clock host;
    private final DeviceClock clock;
    private final ReadingStore store;
    private final FrameTransmitter transmitter;
    private final PatchListener listener;
    private final PatchCounters counters = new PatchCounters();
    private final Set<ScenarioEvent> applied = new HashSet<>();

    private int bootEpoch = 1;
    private long nextSequence = 1;
    private long ackedSequence;
    private int intervalSeconds;
    private Duration scenarioTime = Duration.ZERO;
    private long sampleIndex;
    private boolean portOpen;
    private boolean linkLost;
    private boolean heardBridge;
    private Instant lastHello = Instant.MIN;
    private Instant lastProgress;
    private boolean resending;
    private boolean ackedSinceRound;
    private int faults = -1;
    private int batteryPercent = -1;
    private Instant lastStamp = Instant.MIN;

    public PatchFirmware(Scenario scenario, Clock host, FrameTransmitter transmitter, PatchListener listener) {
        this.scenario = scenario;
        this.physiology = new Physiology(scenario);
        this.battery = new Battery(scenario.battery());
        this.host = host;
        this.clock = new DeviceClock(host, scenario.clock().driftPpm());
        this.store = new ReadingStore(scenario.link().storeCapacity());
        this.transmitter = transmitter;
        this.listener = listener;
        this.intervalSeconds = (int) scenario.sampleInterval().toSeconds();
        this.lastProgress = host.instant();
    }

    /** Battery in: the clock holds the time if the scenario says so. Nothing is sent until the port opens. */
    public void powerOn() {
        if (scenario.clock().setAtStart()) {
            clock.set(host.instant());
        }
        LOG.info(
                "{} powered on, boot epoch {}, clock {}",
                scenario.deviceId(),
                bootEpoch,
                clock.isSet() ? "set" : "unset");
    }

    /** The serial port is usable (again): announce ourselves and resend what is unacknowledged. */
    public void portOpened() {
        portOpen = true;
        if (!linkLost) {
            announce();
        }
    }

    public void portClosed() {
        portOpen = false;
        heardBridge = false;
    }

    /** Whether the scenario's timeline is over (no more samples). */
    public boolean finished() {
        return scenarioTime.compareTo(scenario.duration()) >= 0;
    }

    /** Scenario time of the next sample. */
    public Duration scenarioTime() {
        return scenarioTime;
    }

    /** Wall time until the next sample after one was just taken, at the current interval. */
    public Duration realInterval() {
        return Duration.ofNanos(Math.round(Duration.ofSeconds(intervalSeconds).toNanos() / scenario.acceleration()));
    }

    /** Takes the next reading at the current scenario time, stores and sends it, and advances scenario time. */
    public void sample() {
        Duration t = scenarioTime;
        applyEvents(t);
        BodySample body = physiology.sample(t, new SplittableRandom(scenario.seed() * SEED_MIX + sampleIndex));
        boolean low = battery.lowAt(t);
        updateBattery(battery.percentAt(t));
        int flags = (body.detached() ? Measurement.FLAG_DETACHED : 0)
                | (body.warmingUp() ? Measurement.FLAG_WARMING_UP : 0)
                | (low ? Measurement.FLAG_LOW_BATTERY : 0)
                | (clock.isSet() ? 0 : Measurement.FLAG_CLOCK_UNSET)
                | (body.sensorError() ? Measurement.FLAG_SENSOR_ERROR : 0);
        updateFaults((body.detached() ? Status.FAULT_DETACHED : 0)
                | (low ? Status.FAULT_LOW_BATTERY : 0)
                | (clock.isSet() ? 0 : Status.FAULT_CLOCK_UNSET)
                | (body.sensorError() ? Status.FAULT_SENSOR_ERROR : 0));
        int bits = body.sensorError()
                ? SpecialValue.NAN.floatBits()
                : Float11073.fromDouble(body.sensorC(), TemperatureMeasurement.DEFAULT_EXPONENT);
        TemperatureMeasurement temperature = new TemperatureMeasurement(
                bits,
                TemperatureUnit.CELSIUS,
                stamp(),
                htsType(scenario.sensor().site()));
        Measurement m = new Measurement(flags, scenario.sensor().site(), temperature);
        if (nextSequence > Frame.SEQUENCE_MAX) {
            newEpoch("sequence space exhausted"); // CONTRACT.md 1.3: a patch never reuses a sequence in an epoch
        }
        long sequence = nextSequence++;
        if (store.isEmpty()) {
            lastProgress = host.instant();
        }
        store.add(new StoredReading(bootEpoch, sequence, m)).ifPresent(this::overwritten);
        counters.readingsTaken.incrementAndGet();
        boolean sent = send(Frame.of(m, sequence, bootEpoch));
        listener.onReading(
                new ReadingReport(scenario.deviceId(), bootEpoch, sequence, m, body.coreC(), ackedSequence, sent));
        sampleIndex++;
        scenarioTime = scenarioTime.plusSeconds(intervalSeconds);
    }

    /** A frame from the bridge. */
    public void onFrame(Frame frame) {
        if (!portOpen || linkLost || !frame.type().fromBridge()) {
            return;
        }
        heardBridge = true;
        counters.bridgeFrames.incrementAndGet();
        FramePayload payload = frame.decodePayload();
        if (payload instanceof Ack ack) {
            onAck(ack);
        } else if (payload instanceof TimeSet timeSet) {
            clock.set(timeSet.instant());
            lastStamp = Instant.MIN;
            LOG.debug("{} clock set to {}", scenario.deviceId(), timeSet.instant());
        } else if (payload instanceof SetInterval setInterval) {
            intervalSeconds = setInterval.seconds();
            listener.onEvent("sample interval set to " + intervalSeconds + " s");
            sendHello();
        }
        listener.onBridgeFrame(frame);
    }

    /** Called often (every few hundred ms): repeats HELLO while unheard, retransmits unacknowledged readings. */
    public void tick() {
        if (!portOpen || linkLost) {
            return;
        }
        Instant now = host.instant();
        if (!heardBridge && !now.isBefore(lastHello.plus(HELLO_REPEAT))) {
            sendHello();
        }
        if (store.isEmpty()) {
            return;
        }
        boolean stalled = !now.isBefore(lastProgress.plus(scenario.link().retransmitAfter()));
        if (stalled || (resending && ackedSinceRound)) {
            retransmit();
        }
    }

    public int bootEpoch() {
        return bootEpoch;
    }

    public long ackedSequence() {
        return ackedSequence;
    }

    public int unacknowledged() {
        return store.size();
    }

    public int intervalSeconds() {
        return intervalSeconds;
    }

    public boolean clockSet() {
        return clock.isSet();
    }

    public PatchCounters counters() {
        return counters;
    }

    private void onAck(Ack ack) {
        if (ack.bootEpoch() == bootEpoch) {
            ackedSequence = Math.max(ackedSequence, ack.sequence());
        }
        int freed = store.acknowledge(ack.sequence(), ack.bootEpoch());
        if (freed > 0) {
            lastProgress = host.instant();
            ackedSinceRound = true;
        }
        if (store.isEmpty()) {
            resending = false;
        }
    }

    private void retransmit() {
        for (StoredReading r : store.oldest(scenario.link().retransmitBurst())) {
            Measurement again = r.measurement().withFlags(r.measurement().flags() | Measurement.FLAG_RETRANSMISSION);
            if (!send(Frame.of(again, r.sequence(), r.bootEpoch()))) {
                break;
            }
            counters.readingsRetransmitted.incrementAndGet();
        }
        resending = true;
        ackedSinceRound = false;
        lastProgress = host.instant();
    }

    private void applyEvents(Duration t) {
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Reboot reboot && !applied.contains(e) && t.compareTo(e.at()) >= 0) {
                applied.add(e);
                reboot(reboot.losesClock());
            }
        }
        boolean lost = false;
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.LinkLoss l
                    && t.compareTo(l.at()) >= 0
                    && t.compareTo(l.at().plus(l.duration())) < 0) {
                lost = true;
            }
        }
        if (lost != linkLost) {
            linkLost = lost;
            listener.onEvent(lost ? "link lost (scenario)" : "link back (scenario)");
            if (!lost && portOpen) {
                heardBridge = false;
                announce();
            }
        }
    }

    private void reboot(boolean clockLoss) {
        newEpoch("reboot");
        heardBridge = false;
        faults = -1;
        if (clockLoss) {
            clock.lose();
            lastStamp = Instant.MIN;
        }
        counters.reboots.incrementAndGet();
        listener.onEvent("rebooted: boot epoch " + bootEpoch + (clockLoss ? ", clock lost" : ""));
        if (portOpen && !linkLost) {
            announce();
        }
    }

    private void newEpoch(String why) {
        bootEpoch = bootEpoch == Frame.BOOT_EPOCH_MAX ? 1 : bootEpoch + 1;
        nextSequence = 1;
        ackedSequence = 0;
        LOG.debug("{} boot epoch {} ({})", scenario.deviceId(), bootEpoch, why);
    }

    private void announce() {
        sendHello();
        if (faults >= 0) {
            sendStatus();
        }
        if (batteryPercent >= 0) {
            send(Frame.of(new dev.calor.contract.serial.Battery(batteryPercent), nextSequence - 1, bootEpoch));
        }
        if (!store.isEmpty()) {
            retransmit();
        }
    }

    private void sendHello() {
        lastHello = host.instant();
        send(Frame.of(
                new Hello(
                        ProtocolVersion.OLDEST_SUPPORTED,
                        ProtocolVersion.CURRENT,
                        CAPABILITIES,
                        intervalSeconds,
                        store.capacity(),
                        scenario.deviceId(),
                        scenario.firmwareVersion()),
                nextSequence - 1,
                bootEpoch));
    }

    private void sendStatus() {
        send(Frame.of(new Status(faults, Math.min(store.size(), 0xFFFF)), nextSequence - 1, bootEpoch));
    }

    private void updateFaults(int now) {
        if (now != faults) {
            faults = now;
            sendStatus();
        }
    }

    private void updateBattery(int percent) {
        if (percent != batteryPercent) {
            batteryPercent = percent;
            send(Frame.of(new dev.calor.contract.serial.Battery(percent), nextSequence - 1, bootEpoch));
        }
    }

    private boolean send(Frame frame) {
        boolean sent = portOpen && !linkLost && transmitter.send(frame);
        (sent ? counters.framesSent : counters.framesNotSent).incrementAndGet();
        return sent;
    }

    private Optional<LocalDateTime> stamp() {
        Optional<Instant> now = clock.now();
        if (now.isEmpty()) {
            return Optional.empty();
        }
        Instant t = now.get().truncatedTo(ChronoUnit.SECONDS);
        if (!t.isAfter(lastStamp)) {
            t = lastStamp.plusSeconds(1); // HTS stamps have whole seconds; two readings never share one
        }
        lastStamp = t;
        return Optional.of(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    private void overwritten(StoredReading lost) {
        counters.readingsOverwritten.incrementAndGet();
        OVERWRITTEN.warn(
                "device={} boot={} seq={} reason=store-full capacity={}",
                scenario.deviceId(),
                lost.bootEpoch(),
                lost.sequence(),
                store.capacity());
    }

    private static Optional<TemperatureType> htsType(BodySite site) {
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
