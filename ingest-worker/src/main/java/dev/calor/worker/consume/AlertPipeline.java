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
 * NO_DATA, reminders of silent patients, escalations and the care-circle reload. The thread itself is
 * the {@link ConsumeLoop} both consumers share.
 */
public final class AlertPipeline implements Runnable, ConsumeLoop.Stage {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    /** Messages taken into one group commit at most. */
    static final int MAX_GROUP = 2_000;

    private final ConsumeLoop loop;
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
    private final List<InboundMessage> unacked = new ArrayList<>();

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
        this.loop = new ConsumeLoop("alert pipeline", this, tickInterval);
    }

    /** Called on MQTT threads; the broker's receive maximum bounds what is in flight. */
    public void submit(InboundMessage m) {
        loop.submit(m);
    }

    public void stop(Duration grace) throws InterruptedException {
        loop.stop(grace);
    }

    @Override
    public void run() {
        loop.run();
    }

    @Override
    public boolean groupFull() {
        return unacked.size() >= MAX_GROUP;
    }

    /** Nothing waits for a deadline: every pass of the loop commits what it took. */
    @Override
    public long dueNs() {
        return Long.MAX_VALUE;
    }

    @Override
    public int unacknowledged() {
        return unacked.size();
    }

    @Override
    public void complete(long nowNs, boolean stopping) {
        commit();
    }

    @Override
    public void take(InboundMessage m) {
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

    @Override
    public void tick() {
        if (careCircle.checkForChange()) {
            LOG.info("care circle reloaded");
        }
        metrics.careCircleRejectedReloads(careCircle.rejectedReloads());
        boolean hidden = streamHidden.getAsBoolean() || loop.hasQueued();
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
        ConsumeLoop.acknowledge(unacked);
        unacked.clear();
    }

    private long wallNs() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
