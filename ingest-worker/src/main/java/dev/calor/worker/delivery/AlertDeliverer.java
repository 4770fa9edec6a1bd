package dev.calor.worker.delivery;

import dev.calor.worker.config.AlertSettings;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.sink.RetryPolicy;
import dev.calor.worker.state.AlertStore;
import dev.calor.worker.state.Delivery;
import dev.calor.worker.state.PendingDelivery;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through one channel's queue of the durable delivery outbox: each pending delivery is tried,
 * marked done on success, rescheduled with backoff on failure, and abandoned (counted, logged) after the
 * give-up time or on a permanent refusal. Alerts to one target (a patient's topic, a caregiver's
 * webhook) go out in order: while one is pending, the later ones wait. One deliverer (and thread) per
 * channel, so a dead webhook never delays MQTT.
 */
public final class AlertDeliverer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliverer.class);
    private static final Logger FAILED = LoggerFactory.getLogger("calor.event.alert-delivery-failed");

    private final AlertStore store;
    private final AlertChannel channel;
    private final RetryPolicy backoff;
    private final AlertSettings settings;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final HealthState health;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;

    public AlertDeliverer(
            AlertStore store,
            AlertChannel channel,
            RetryPolicy backoff,
            AlertSettings settings,
            Clock clock,
            WorkerMetrics metrics,
            HealthState health) {
        this.store = store;
        this.channel = channel;
        this.backoff = backoff;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.health = health;
    }

    /** New deliveries were committed. */
    public void wake() {
        wake.release();
    }

    private static final long QUEUE_GAUGE_INTERVAL_NS = 1_000_000_000L;
    private long queueMeasuredNs = System.nanoTime() - QUEUE_GAUGE_INTERVAL_NS;

    public void stop() {
        running = false;
        wake.release();
    }

    @Override
    public void run() {
        while (running) {
            try {
                int done = deliverDue();
                if (channel.name().equals(Delivery.MQTT)) {
                    health.pendingDeliveries.set(store.countDeliveries("pending"));
                }
                measureQueue();
                if (done == 0) {
                    wake.tryAcquire(200, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("alert delivery round failed; trying again", e);
                try {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The queue gauges, at most once a second: pending deliveries and the age of the oldest. */
    private void measureQueue() {
        long now = System.nanoTime();
        if (now - queueMeasuredNs < QUEUE_GAUGE_INTERVAL_NS) {
            return;
        }
        queueMeasuredNs = now;
        AlertStore.QueueDepth q = store.queueDepth(channel.name());
        metrics.deliveriesPending.labelValues(channel.name()).set(q.pending());
        double age = q.pending() == 0 ? 0 : Math.max(0, (nowNs() - q.oldestCreatedNs()) / 1e9);
        metrics.oldestPendingDelivery.labelValues(channel.name()).set(age);
    }

    /** One round over what is due. @return deliveries attempted */
    int deliverDue() throws InterruptedException {
        long now = nowNs();
        List<PendingDelivery> due = store.due(now, 200, channel.name());
        Set<String> blockedTopics = new HashSet<>();
        int attempted = 0;
        for (PendingDelivery p : due) {
            if (!running) {
                break;
            }
            Delivery d = p.delivery();
            if (blockedTopics.contains(d.channel() + " " + d.target())) {
                continue;
            }
            attempted++;
            try {
                channel.send(d, p.alert());
                store.delivered(p.id());
                metrics.deliveries.labelValues(d.channel(), "delivered").inc();
            } catch (DeliveryException e) {
                blockedTopics.add(d.channel() + " " + d.target());
                boolean expired =
                        now - p.createdNs() > settings.deliveryGiveUpAfter().toNanos();
                if (e.permanent() || expired) {
                    store.abandoned(p.id(), e.getMessage());
                    metrics.deliveries.labelValues(d.channel(), "abandoned").inc();
                    FAILED.error(
                            "alert {} to {} {} abandoned after {} attempts: {}",
                            p.alert().getAlertId(),
                            d.channel(),
                            d.target(),
                            p.attempts() + 1,
                            e.getMessage());
                } else {
                    Duration delay = backoff.decide(p.attempts() + 1, 503, null).delay();
                    store.retryAt(p.id(), now + delay.toNanos(), e.getMessage());
                    metrics.deliveries.labelValues(d.channel(), "failed").inc();
                    LOG.warn(
                            "alert {} to {} {} failed (attempt {}): {}; retrying in {} ms",
                            p.alert().getAlertId(),
                            d.channel(),
                            d.target(),
                            p.attempts() + 1,
                            e.getMessage(),
                            delay.toMillis());
                }
            }
        }
        return attempted;
    }

    public String channelName() {
        return channel.name();
    }

    private long nowNs() {
        var i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
