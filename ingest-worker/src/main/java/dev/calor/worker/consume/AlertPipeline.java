package dev.calor.worker.consume;

import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.alert.AlertIds;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.delivery.AlertEventLog;
import dev.calor.worker.delivery.AlertFanOut;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.state.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert consumer's processing thread. It takes the same validated stream as storage, on sessions of
 * its own, and never waits for InfluxDB: decode → route → alert engine, then a <b>group commit</b> (alert
 * states, new alerts and their deliveries in one SQLite transaction, synchronous=FULL) and only then the
 * acknowledgement of every message that advanced the state. A kill -9 at any point either lost nothing
 * acknowledged or makes the broker redeliver what the engine then skips (readings not newer than the
 * last evaluated). Caregivers' episode acknowledgements take the same path. The periodic tick runs
 * NO_DATA, reminders of silent patients and escalations; the care-circle file is checked every
 * {@link #CARE_CIRCLE_CHECK}, independently of the tick.
 */
public final class AlertPipeline implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    /** Messages taken into one group commit at most. */
    static final int MAX_GROUP = 2_000;
    /**
     * How often the care-circle file is checked (a stat; read only when it changed), whatever the tick: a
     * registry change exported by the care-app is in force within this plus the app's export time.
     */
    public static final Duration CARE_CIRCLE_CHECK = Duration.ofMillis(500);

    private final BlockingQueue<InboundMessage> inbox = new LinkedBlockingQueue<>();
    private final CareCircleWatcher careCircle;
    private final AlertStage alerts;
    private final AlertStore store;
    private final EpisodeAcks acks;
    private final DeviceBacklog backlog;
    private final BooleanSupplier streamHidden;
    private final Runnable wakeDelivery;
    private final java.util.Set<String> channels;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final long tickIntervalNs;
    private final List<InboundMessage> unacked = new ArrayList<>();
    private long nextTickNs;
    private long nextCareCircleCheckNs;
    private volatile boolean running = true;
    private volatile Thread thread;

    /**
     * @param channels the delivery channels this worker runs; deliveries to others (a caregiver channel kind
     *     no {@code AlertChannel} serves yet) are not queued
     * @param streamHidden true while the worker cannot see the whole stream (a shard consumer is not
     *     connected, or reconnected a moment ago): NO_DATA waits then
     */
    public AlertPipeline(
            CareCircleWatcher careCircle,
            AlertStage alerts,
            AlertStore store,
            DeviceBacklog backlog,
            BooleanSupplier streamHidden,
            Runnable wakeDelivery,
            java.util.Set<String> channels,
            WorkerMetrics metrics,
            Clock clock,
            Duration tickInterval) {
        this.careCircle = careCircle;
        this.alerts = alerts;
        this.store = store;
        this.acks = new EpisodeAcks(metrics);
        this.backlog = backlog;
        this.streamHidden = streamHidden;
        this.wakeDelivery = wakeDelivery;
        this.channels = java.util.Set.copyOf(channels);
        this.metrics = metrics;
        this.clock = clock;
        this.tickIntervalNs = tickInterval.toNanos();
    }

    /** Called on MQTT threads; the broker's receive maximum bounds what is in flight. */
    public void submit(InboundMessage m) {
        inbox.add(m);
    }

    public void stop(Duration grace) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.join(grace.toMillis());
            if (t.isAlive()) {
                t.interrupt();
                t.join(5_000);
            }
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        nextTickNs = System.nanoTime();
        nextCareCircleCheckNs = nextTickNs;
        try {
            while (running) {
                long wait = Math.max(0, Math.min(nextTickNs - System.nanoTime(), 100_000_000L));
                InboundMessage m = inbox.poll(wait, TimeUnit.NANOSECONDS);
                if (m != null) {
                    handle(m);
                    InboundMessage more;
                    while (unacked.size() < MAX_GROUP && (more = inbox.poll()) != null) {
                        handle(more);
                    }
                }
                if (System.nanoTime() >= nextCareCircleCheckNs) {
                    checkCareCircle();
                    nextCareCircleCheckNs = System.nanoTime() + CARE_CIRCLE_CHECK.toNanos();
                }
                if (System.nanoTime() >= nextTickNs) {
                    tick();
                    nextTickNs = System.nanoTime() + tickIntervalNs;
                }
                commit();
            }
            commit();
        } catch (InterruptedException e) {
            LOG.info(
                    "alert pipeline stopped with {} messages unacknowledged; the broker will redeliver them",
                    unacked.size());
        } catch (RuntimeException e) {
            LOG.error("alert pipeline failed; unacknowledged messages will be redelivered", e);
            throw e;
        }
    }

    private void handle(InboundMessage m) {
        unacked.add(m);
        CareCircle cc = careCircle.current();
        if (Topics.patientOfAlertAck(m.topic()).isPresent()) {
            acks.handle(m, cc, alerts);
            return;
        }
        BatchDecoder.Result decoded = BatchDecoder.decode(m);
        if (!decoded.ok()) {
            return; // counted and logged once, by the storage consumer
        }
        ReadingBatch batch = decoded.batch();
        for (ReadingRouter.Routed r : ReadingRouter.readings(cc, batch)) {
            r.patient()
                    .ifPresent(p -> alerts.onReading(
                            p,
                            new ReadingInput(
                                    batch.getDeviceId(),
                                    r.reading().getSampleTimeUnixNs(),
                                    r.reading().getTemperatureCelsius(),
                                    r.coreCelsius(),
                                    r.reading().getQualityFlags(),
                                    r.reading().getSite())));
        }
        ReadingRouter.status(cc, batch).ifPresent(s -> {
            backlog.onStatus(s.status());
            s.patient().ifPresent(p -> alerts.onStatus(p, s.status(), s.timeNs()));
        });
    }

    private void checkCareCircle() {
        if (careCircle.checkForChange()) {
            LOG.info("care circle reloaded");
        }
        metrics.careCircleRejectedReloads(careCircle.rejectedReloads());
    }

    private void tick() {
        boolean hidden = streamHidden.getAsBoolean() || !inbox.isEmpty();
        alerts.tick(careCircle.current(), wallNs(), hidden, backlog::hasPending);
    }

    /** Group commit, then acknowledge: state is durable before the messages that advanced it are acked. */
    private void commit() {
        if (unacked.isEmpty() && !alerts.hasChanges()) {
            return;
        }
        List<PatientAlertState> states = List.copyOf(alerts.changedStates());
        CareCircle cc = careCircle.current();
        List<Alert> emitted = alerts.alerts().stream()
                .map(a -> AlertFanOut.addressed(a, cc, alerts.stateOf(a.getPatientId())))
                .toList();
        List<Alert> fresh = store.commit(
                states,
                emitted,
                a -> AlertFanOut.of(a, cc).stream()
                        .filter(d -> channels.contains(d.channel()))
                        .toList(),
                wallNs());
        alerts.alertsTaken();
        alerts.statesTaken();
        for (Alert a : fresh) {
            AlertEventLog.log(a);
            metrics.alerts
                    .labelValues(AlertIds.shortName(a.getKind()), AlertIds.shortName(a.getTransition()))
                    .inc();
        }
        if (!fresh.isEmpty()) {
            wakeDelivery.run();
        }
        for (InboundMessage m : unacked) {
            try {
                m.ack().run();
            } catch (RuntimeException e) {
                LOG.warn("acknowledging a message on {} failed (it will be redelivered): {}", m.topic(), e.toString());
            }
        }
        unacked.clear();
    }

    private long wallNs() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
