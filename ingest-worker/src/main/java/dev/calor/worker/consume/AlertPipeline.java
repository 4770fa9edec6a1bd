package dev.calor.worker.consume;

import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.alert.AlertIds;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.carecircle.Patient;
import dev.calor.worker.delivery.AlertEventLog;
import dev.calor.worker.delivery.AlertFanOut;
import dev.calor.worker.metrics.WorkerMetrics;
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
 * states, new alerts and their deliveries made durable by the {@link AlertCommitter}: one SQLite
 * transaction, or one Kafka transaction in a worker group) and only then the acknowledgement of every
 * message that advanced the state. A kill -9 at any point either lost nothing
 * acknowledged or makes the broker redeliver what the engine then skips (readings not newer than the
 * last evaluated). Caregivers' episode acknowledgements take the same path. The periodic tick runs
 * NO_DATA, reminders of silent patients and escalations; the care-circle file is checked every
 * {@link #CARE_CIRCLE_CHECK}, independently of the tick. The thread itself is the {@link ConsumeLoop} both
 * consumers share.
 */
public final class AlertPipeline implements Runnable, ConsumeLoop.Stage {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    /** Messages taken into one group commit at most. */
    static final int MAX_GROUP = 2_000;
    /**
     * A group waits this long for more messages before it commits (unless it is full or raised an alert): one
     * durable commit (an fsync) every few milliseconds whatever the message rate, instead of one per message.
     * It delays only the acknowledgement of the messages, never an alert.
     */
    static final long GROUP_LINGER_NS = 20_000_000L;
    /** The shard of a {@link #runAfterCommit} task in the inbox. */
    private static final int CONTROL = Integer.MIN_VALUE;
    /** A commit refused (Kafka unreachable) is offered again after this pause at the earliest. */
    private static final long RETRY_PAUSE_NS = 500_000_000L;
    /**
     * How often the care-circle file is checked (a stat; read only when it changed), whatever the tick: a
     * registry change exported by the care-app is in force within this plus the app's export time.
     */
    public static final Duration CARE_CIRCLE_CHECK = Duration.ofMillis(500);

    private static final long FAILURE_LOG_INTERVAL_NS = 10_000_000_000L;

    private final ConsumeLoop loop;
    private final CareCircleWatcher careCircle;
    private final AlertStage alerts;
    private final AlertCommitter committer;
    private final EpisodeAcks acks;
    private final DeviceBacklog backlog;
    private final BooleanSupplier streamHidden;
    private final Runnable wakeDelivery;
    private final java.util.Set<String> channels;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final List<InboundMessage> unacked = new ArrayList<>();
    private long retryNotBeforeNs = Long.MIN_VALUE;
    private long lastFailureLogNs = Long.MIN_VALUE / 2;
    private int failedCommits;
    private long nextCareCircleCheckNs = Long.MIN_VALUE;
    /** When the first message of the group being built was taken; -1 while none is. */
    private long groupSinceNs = -1;

    /**
     * @param channels the delivery channels this worker runs; deliveries to others (a caregiver channel kind
     *     no {@code AlertChannel} serves yet) are not queued
     * @param streamHidden true while the worker cannot see the whole stream (a shard consumer is not
     *     connected, or reconnected a moment ago): NO_DATA waits then
     */
    public AlertPipeline(
            CareCircleWatcher careCircle,
            AlertStage alerts,
            AlertCommitter committer,
            DeviceBacklog backlog,
            BooleanSupplier streamHidden,
            Runnable wakeDelivery,
            java.util.Set<String> channels,
            WorkerMetrics metrics,
            Clock clock,
            Duration tickInterval) {
        this.careCircle = careCircle;
        this.alerts = alerts;
        this.committer = committer;
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

    /**
     * Runs {@code task} on the pipeline thread once every message submitted before it is handled and
     * committed (a partition hand-over: restore a partition's states before its records, forget them after).
     */
    public void runAfterCommit(Runnable task) {
        loop.submit(new InboundMessage(CONTROL, "", null, task));
    }

    /** Whether the pipeline thread still takes messages and tasks. */
    public boolean isRunning() {
        return loop.isRunning();
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

    /** A group is due {@link #GROUP_LINGER_NS} after its first message (or once a refused commit may retry). */
    @Override
    public long dueNs() {
        return groupSinceNs < 0 ? Long.MAX_VALUE : Math.max(groupSinceNs + GROUP_LINGER_NS, retryNotBeforeNs);
    }

    @Override
    public int unacknowledged() {
        return unacked.size();
    }

    @Override
    public void complete(long nowNs, boolean stopping) {
        if (nowNs >= nextCareCircleCheckNs) {
            checkCareCircle();
            nextCareCircleCheckNs = System.nanoTime() + CARE_CIRCLE_CHECK.toNanos();
        }
        // a tick's changes (no message) and a raised alert commit at once; messages linger for their group
        if (stopping || groupSinceNs < 0 || groupFull() || alerts.hasAlerts() || nowNs >= dueNs()) {
            commit();
        }
    }

    @Override
    public void take(InboundMessage m) {
        if (m.shard() == CONTROL) {
            commit();
            m.ack().run();
            return;
        }
        unacked.add(m);
        if (groupSinceNs < 0) {
            groupSinceNs = System.nanoTime();
        }
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
        // consecutive readings of one patient go to the engine together (a patch changes patient rarely)
        Patient patient = null;
        List<ReadingInput> run = new ArrayList<>(batch.getReadingsCount());
        for (ReadingRouter.Routed r : ReadingRouter.readings(cc, batch)) {
            Patient p = r.patient().orElse(null);
            if (patient != null && (p == null || !p.patientId().equals(patient.patientId()))) {
                alerts.onReadings(patient, run);
                run.clear();
            }
            patient = p;
            if (p != null) {
                run.add(new ReadingInput(
                        batch.getDeviceId(),
                        r.reading().getSampleTimeUnixNs(),
                        r.reading().getTemperatureCelsius(),
                        r.coreCelsius(),
                        r.reading().getQualityFlags(),
                        r.reading().getSite()));
            }
        }
        if (patient != null) {
            alerts.onReadings(patient, run);
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

    @Override
    public void tick() {
        boolean hidden = streamHidden.getAsBoolean() || loop.hasQueued();
        alerts.tick(careCircle.current(), wallNs(), hidden, backlog::hasPending);
    }

    /** Group commit, then acknowledge: state is durable before the messages that advanced it are acked. */
    private void commit() {
        if (unacked.isEmpty() && !alerts.hasChanges()) {
            return;
        }
        if (System.nanoTime() < retryNotBeforeNs) {
            return;
        }
        List<PatientAlertState> states = List.copyOf(alerts.changedStates());
        CareCircle cc = careCircle.current();
        List<Alert> emitted = alerts.alerts().stream()
                .map(a -> AlertFanOut.addressed(a, cc, alerts.stateOf(a.getPatientId())))
                .toList();
        List<InboundMessage> messages = List.copyOf(unacked);
        unacked.clear();
        groupSinceNs = -1;
        List<Alert> fresh;
        try {
            fresh = committer.commit(new AlertCommitter.GroupCommit(
                    states,
                    emitted,
                    a -> AlertFanOut.of(a, cc).stream()
                            .filter(d -> channels.contains(d.channel()))
                            .toList(),
                    messages,
                    wallNs()));
        } catch (StateCommitException e) {
            // the states and alerts stay pending and go with the next commit; the partitions' offsets
            // were not committed, so whoever owns them next reads those records again
            failedCommits++;
            long now = System.nanoTime();
            if (e.fenced() || now - lastFailureLogNs > FAILURE_LOG_INTERVAL_NS) {
                LOG.warn(
                        "alert state not committed{} ({} attempts so far, retried): {}",
                        e.fenced() ? " (fenced)" : "",
                        failedCommits,
                        e.getMessage());
                lastFailureLogNs = now;
            }
            retryNotBeforeNs = now + RETRY_PAUSE_NS;
            return;
        }
        if (failedCommits > 0) {
            LOG.info("alert state committed again after {} failed attempts", failedCommits);
            failedCommits = 0;
        }
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
    }

    private long wallNs() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
