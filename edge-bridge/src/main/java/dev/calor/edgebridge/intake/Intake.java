package dev.calor.edgebridge.intake;

import dev.calor.contract.BootEpochs;
import dev.calor.edgebridge.buffer.AckMark;
import dev.calor.edgebridge.buffer.AppendOutcome;
import dev.calor.edgebridge.buffer.BufferException;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.edgebridge.metrics.BridgeMetrics;
import dev.calor.edgebridge.status.StatusBoard;
import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.PatchHello;
import dev.calor.edgebridge.transport.PatchListener;
import dev.calor.edgebridge.transport.PatchTransport;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.proto.v1.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives what every transport reports. Measurements go through a bounded queue to one writer thread that
 * appends whatever has accumulated in one transaction per patch (group commit), then acknowledges to the
 * patch what is durably stored (see {@link AckTracker}). A full queue blocks the transport's reader: the
 * patch keeps its readings, nothing is dropped.
 *
 * <p>Received times come from the wall clock (they are published); gap time-outs are measured on the
 * stable clock ({@link dev.calor.edgebridge.time.StableClock}), so a wall-clock jump neither gives up holes
 * at once nor stalls them. The first reading of a boot epoch is sequence 1: without a committed mark the
 * bridge waits for it, or for the patch to say where its store starts ({@link #onStoreStart}), before it
 * acknowledges anything of that epoch, so a lost first reading is never freed unseen.
 */
public final class Intake implements PatchListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final Logger REJECTED = LoggerFactory.getLogger("calor.event.frame-rejected");
    private static final Logger MISSING = LoggerFactory.getLogger("calor.event.reading-missing");
    private static final Logger LINK = LoggerFactory.getLogger("calor.event.patch-link");
    private static final int MAX_GROUP = 2_000;

    private final ReadingBuffer buffer;
    private final ReadingMapper mapper;
    private final StatusBoard board;
    private final BridgeMetrics metrics;
    private final Clock wall;
    private final Clock stable;
    private final Duration gapTimeout;
    private final Consumer<String> heard;
    /** Store starts the transports reported, applied by the writer thread. */
    private final Map<String, long[]> storeStarts = new ConcurrentHashMap<>();

    private final BlockingQueue<Measurement> queue;
    private final Map<String, PatchTransport> transports = new ConcurrentHashMap<>();
    /** Touched by the writer thread only. */
    private final Map<String, Map<Long, AckTracker>> trackers = new LinkedHashMap<>();

    private final Thread writer;
    private volatile boolean closed;

    public Intake(
            ReadingBuffer buffer,
            ReadingMapper mapper,
            StatusBoard board,
            BridgeMetrics metrics,
            Clock wall,
            Clock stable,
            Duration gapTimeout,
            int queueCapacity,
            Consumer<String> heard) {
        this.buffer = buffer;
        this.mapper = mapper;
        this.board = board;
        this.metrics = metrics;
        this.wall = wall;
        this.stable = stable;
        this.gapTimeout = gapTimeout;
        this.heard = heard;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::writeLoop, "calor-intake-writer");
        this.writer.setDaemon(true);
    }

    /** Registers the transport acknowledgements for its patch go to. */
    public void register(PatchTransport transport) {
        transports.put(transport.deviceId(), transport);
    }

    public void start() {
        writer.start();
    }

    @Override
    public void onHello(PatchHello hello) {
        LINK.info(
                "patch {} says hello: firmware '{}', boot epoch {}, protocol v{}, interval {} s",
                hello.deviceId(),
                hello.firmwareVersion(),
                hello.bootEpoch(),
                hello.protocolVersion(),
                hello.sampleIntervalSeconds());
        heard.accept(hello.deviceId());
        board.update(hello.deviceId(), s -> s.withFirmware(hello.firmwareVersion(), hello.sampleIntervalSeconds()));
        acknowledgeWhatIsHeld(hello);
    }

    /**
     * Tells a patch that says hello what the bridge already holds of its boot epoch (the committed ACK mark),
     * which spares it a retransmission round after a bridge restart (contract §1.8).
     */
    private void acknowledgeWhatIsHeld(PatchHello hello) {
        PatchTransport transport = transports.get(hello.deviceId());
        if (transport == null || hello.bootEpoch() < 0) {
            return;
        }
        try {
            forgetEarlierMarks(hello.deviceId(), hello.bootEpoch());
            buffer.ackMark(hello.deviceId(), hello.bootEpoch())
                    .ifPresent(sequence -> transport.acknowledge(hello.bootEpoch(), sequence));
        } catch (BufferException e) {
            LOG.warn("cannot read the ACK mark of {}; the patch will resend", hello.deviceId(), e);
        }
    }

    @Override
    public void onMeasurement(Measurement measurement) {
        metrics.received(measurement.deviceId());
        heard.accept(measurement.deviceId());
        try {
            while (!closed && !queue.offer(measurement, 200, TimeUnit.MILLISECONDS)) {
                LOG.debug("intake queue full; {} waits", measurement.deviceId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onBattery(String deviceId, int percent) {
        heard.accept(deviceId);
        board.update(deviceId, s -> s.withBattery(percent));
    }

    @Override
    public void onFaultStatus(String deviceId, int faultFlags) {
        heard.accept(deviceId);
        board.update(deviceId, s -> s.withFaults(faultFlags));
    }

    @Override
    public void onLinkState(String deviceId, LinkState state, String detail) {
        LINK.info("patch {} link {}: {}", deviceId, state.name().toLowerCase(java.util.Locale.ROOT), detail);
        board.update(deviceId, s -> s.withLink(state));
    }

    @Override
    public void onFrameRejected(String deviceId, RejectReason reason, String detail) {
        metrics.rejected(deviceId, reason);
        REJECTED.warn("dropped a frame from {}: {} ({})", deviceId, reason.label(), detail);
    }

    @Override
    public void onStoreStart(String deviceId, long bootEpoch, long firstHeld) {
        storeStarts.put(deviceId, new long[] {bootEpoch, firstHeld});
    }

    @Override
    public void onSignalStrength(String deviceId, int rssiDbm) {
        board.update(deviceId, s -> s.withRssi(rssiDbm));
    }

    /** Readings received but not yet written. */
    public int queued() {
        return queue.size();
    }

    private void writeLoop() {
        List<Measurement> group = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Measurement first = queue.poll(250, TimeUnit.MILLISECONDS);
                if (first != null) {
                    group.add(first);
                    queue.drainTo(group, MAX_GROUP - 1);
                    write(group);
                    group.clear();
                }
                applyStoreStarts();
                expireGaps();
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException e) {
                // Nothing of the failed group was acknowledged: the patch resends it.
                LOG.error("intake could not store {} readings; they stay with the patch", group.size(), e);
                group.clear();
            }
        }
    }

    private void write(List<Measurement> group) {
        Instant received = wall.instant();
        Instant now = stable.instant();
        Map<String, List<Measurement>> byDevice = new LinkedHashMap<>();
        for (Measurement m : group) {
            byDevice.computeIfAbsent(m.deviceId(), d -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<String, List<Measurement>> e : byDevice.entrySet()) {
            String device = e.getKey();
            List<Measurement> measurements = e.getValue();
            List<Reading> readings = new ArrayList<>(measurements.size());
            for (Measurement m : measurements) {
                readings.add(mapper.map(m, received));
            }
            Map<Long, Long> acks = new LinkedHashMap<>();
            List<AppendOutcome> outcomes;
            try {
                // Trackers are made (reading their committed marks) before the transaction opens.
                measurements.stream().filter(Intake::numbered).forEach(m -> tracker(device, m.bootEpoch()));
                // The trackers advance inside the transaction so the ACK marks commit with the readings;
                // if the commit fails they are dropped and rebuilt from the last committed marks.
                outcomes = buffer.appendAll(device, readings, results -> {
                    for (int i = 0; i < measurements.size(); i++) {
                        Measurement m = measurements.get(i);
                        if (!numbered(m)) {
                            continue; // nothing to acknowledge, no sequence to account for
                        }
                        AckTracker tracker = tracker(device, m.bootEpoch());
                        if (results.get(i).acknowledge()) {
                            tracker.accepted(m.sequence(), now)
                                    .ifPresent(a -> acks.put(m.bootEpoch(), a.acknowledged()));
                        } else {
                            tracker.refused(m.sequence());
                        }
                    }
                    List<AckMark> marks = new ArrayList<>();
                    acks.forEach((epoch, sequence) -> marks.add(new AckMark(epoch, sequence)));
                    return marks;
                });
            } catch (BufferException ex) {
                trackers.remove(device);
                LOG.error("buffer refused {} readings of {}; not acknowledged", readings.size(), device, ex);
                continue;
            }
            long storedCount =
                    outcomes.stream().filter(o -> o == AppendOutcome.STORED).count();
            long duplicateCount =
                    outcomes.stream().filter(o -> o == AppendOutcome.DUPLICATE).count();
            metrics.stored(device, storedCount);
            metrics.duplicates(device, duplicateCount);
            acks.forEach((epoch, sequence) -> send(device, epoch, sequence));
        }
    }

    private void applyStoreStarts() {
        for (String device : List.copyOf(storeStarts.keySet())) {
            long[] start = storeStarts.remove(device);
            if (start == null || !transports.containsKey(device)) {
                continue;
            }
            forgetEarlierTurns(device, start[0]);
            AckTracker tracker = tracker(device, start[0]);
            tracker.storeStartsAt(start[1], stable.instant()).ifPresent(a -> {
                if (a.missing() > 0) {
                    metrics.missing(device, a.missing());
                    MISSING.warn(
                            "{} readings of {} (boot epoch {}) before seq {} are no longer held by the patch and"
                                    + " were never received; acknowledging up to {}",
                            a.missing(),
                            device,
                            start[0],
                            start[1],
                            a.acknowledged());
                }
                acknowledge(device, start[0], a.acknowledged());
            });
        }
    }

    private void expireGaps() {
        Instant now = stable.instant();
        trackers.forEach((device, byEpoch) ->
                byEpoch.forEach((epoch, tracker) -> tracker.resendDue(now).ifPresent(from -> {
                    PatchTransport transport = transports.get(device);
                    if (transport != null) {
                        transport.requestResend(epoch, from);
                    }
                })));
        trackers.forEach((device, byEpoch) ->
                byEpoch.forEach((epoch, tracker) -> tracker.expireGap(now).ifPresent(a -> {
                    metrics.missing(device, a.missing());
                    MISSING.warn(
                            "gave up {} readings of {} (boot epoch {}): not resent within {}; acknowledging up to {}",
                            a.missing(),
                            device,
                            epoch,
                            gapTimeout,
                            a.acknowledged());
                    acknowledge(device, epoch, a.acknowledged());
                })));
    }

    /**
     * Whether a reading belongs to a numbered store: boot epoch 0 is never a patch's (contract §1.3), so a
     * transport uses it for readings nobody numbers (a plain Health Thermometer over BLE, sequence = its time
     * stamp): they are stored and deduplicated but neither acknowledged nor checked for gaps.
     */
    private static boolean numbered(Measurement m) {
        return m.bootEpoch() != 0;
    }

    /**
     * The patch announced its current boot epoch: ACK marks of epochs more than half the ring away belong to an
     * earlier turn of its boot counter (it wraps from 65535 to 1) and are forgotten, so an epoch number seen
     * again after the wrap starts from sequence 1, not from the old epoch's mark. Any thread.
     */
    private void forgetEarlierMarks(String device, long currentEpoch) {
        int forgotten = buffer.forgetStaleAckMarks(device, currentEpoch);
        if (forgotten > 0) {
            LOG.info(
                    "patch {} is in boot epoch {}: forgot {} acknowledgement marks of an earlier turn of its"
                            + " boot counter",
                    device,
                    currentEpoch,
                    forgotten);
        }
    }

    /** Like {@link #forgetEarlierMarks}, and drops the trackers of those epochs. Writer thread only. */
    private void forgetEarlierTurns(String device, long currentEpoch) {
        if (currentEpoch < BootEpochs.FIRST || currentEpoch > BootEpochs.LAST) {
            return;
        }
        forgetEarlierMarks(device, currentEpoch);
        Map<Long, AckTracker> byEpoch = trackers.get(device);
        if (byEpoch != null) {
            byEpoch.keySet()
                    .removeIf(e -> e >= BootEpochs.FIRST
                            && BootEpochs.stepsAhead(e.intValue(), (int) currentEpoch) > BootEpochs.HALF_RING);
        }
    }

    /** The tracker of a boot epoch; a new one resumes at the committed mark, else before sequence 1. */
    private AckTracker tracker(String device, long epoch) {
        Map<Long, AckTracker> byEpoch = trackers.computeIfAbsent(device, d -> new LinkedHashMap<>());
        AckTracker tracker = byEpoch.get(epoch);
        if (tracker == null) {
            long start = buffer.ackMark(device, epoch).orElse(0L);
            tracker = new AckTracker(start, gapTimeout);
            byEpoch.put(epoch, tracker);
            if (byEpoch.size() > 4) {
                Long oldest = byEpoch.keySet().iterator().next();
                byEpoch.remove(oldest);
            }
        }
        return tracker;
    }

    /** Saves the mark (its own commit) and then tells the patch; used when a hole is given up. */
    private void acknowledge(String device, long epoch, long sequence) {
        if (sequence < 0) {
            return;
        }
        buffer.saveAckMark(device, epoch, sequence);
        send(device, epoch, sequence);
    }

    /** Tells the patch; the mark must already be committed. */
    private void send(String device, long epoch, long sequence) {
        if (sequence < 0) {
            return;
        }
        PatchTransport transport = transports.get(device);
        if (transport != null) {
            transport.acknowledge(epoch, sequence);
        }
    }

    /** Stops accepting, writes what is queued, and stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
