package dev.calor.worker.consume.kafka;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.consume.AlertPipeline;
import dev.calor.worker.consume.AlertStage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert state that moves with its partition. On assignment the partitions' patients are read back from
 * the changelog and handed to the alert pipeline ahead of their first record; on revocation the pipeline
 * commits what it has (its last transaction under the old generation) and forgets those patients, so
 * nothing of theirs stays behind to be alerted twice.
 */
public final class AlertStateHandover implements PartitionHandover {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStateHandover.class);
    private static final Duration REVOKE_GRACE = Duration.ofSeconds(30);
    private static final int RESTORE_ATTEMPTS = 10;

    private final AlertChangelog changelog;
    private final int partitionCount;
    private AlertPipeline pipeline;
    private AlertStage stage;
    private KafkaAlertCommitter committer;

    public AlertStateHandover(AlertChangelog changelog, int partitionCount) {
        this.changelog = changelog;
        this.partitionCount = partitionCount;
    }

    /** The pipeline the states go to; before the consumer starts. */
    public void bind(AlertPipeline pipeline, AlertStage stage, KafkaAlertCommitter committer) {
        this.pipeline = pipeline;
        this.stage = stage;
        this.committer = committer;
    }

    @Override
    public void assigned(Set<Integer> partitions, Runnable own) {
        long t0 = System.nanoTime();
        Map<String, ChangelogEntry> entries = restoreWithRetries(partitions);
        Map<String, PatientAlertState> states = new HashMap<>();
        Map<String, List<Alert>> open = new HashMap<>();
        entries.forEach((p, e) -> {
            states.put(p, e.state());
            open.put(p, e.openAlerts());
        });
        pipeline.runAfterCommit(() -> {
            stage.restore(states);
            committer.restore(open);
            own.run();
        });
        LOG.info(
                "partitions {}: {} patients' alert states restored in {} ms",
                partitions,
                states.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Kafka may be restarting while the group rebalances: the partitions' records must not reach the
     * engine without their states, so the restore is retried (the poll thread waits; past the consumer's
     * poll interval the group gives the partitions to another worker).
     */
    private Map<String, ChangelogEntry> restoreWithRetries(Set<Integer> partitions) {
        for (int attempt = 1; ; attempt++) {
            try {
                return changelog.restore(partitions);
            } catch (RuntimeException e) {
                if (attempt >= RESTORE_ATTEMPTS) {
                    throw e;
                }
                LOG.warn(
                        "restoring the alert states of partitions {} failed (attempt {} of {}): {}",
                        partitions,
                        attempt,
                        RESTORE_ATTEMPTS,
                        e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void revoked(Set<Integer> partitions, boolean lost, Runnable disown) {
        Predicate<String> inThem = p -> partitions.contains(PartitionOwnership.partitionOf(p, partitionCount));
        if (!pipeline.isRunning()) {
            disown.run();
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        pipeline.runAfterCommit(() -> {
            stage.forget(inThem);
            committer.forget(inThem);
            disown.run();
            done.countDown();
        });
        try {
            if (!done.await(REVOKE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "the alert pipeline did not release partitions {} within {} s",
                        partitions,
                        REVOKE_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(
                "partitions {} {}: their patients' alert states were handed back",
                partitions,
                lost ? "lost" : "revoked");
    }
}
