package dev.calor.sim.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fleet of simulated patches against an MQTT broker, each patch on its own connection, and
 * reports what happened. Bounded: connection attempts, open connections and unacknowledged publishes
 * are capped by the configuration, and every wait has a deadline.
 */
public final class FleetRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRunner.class);
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(30);

    private final FleetConfig config;
    private final Clock clock;
    private final FleetStats stats = new FleetStats();
    private volatile boolean stopRequested;
    private volatile long startNanos;

    public FleetRunner(FleetConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock the patches' clock: sample times are taken from it */
    public FleetRunner(FleetConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public FleetConfig config() {
        return config;
    }

    /** Runs the configured mode to its end (or until {@link #stop()}), then disconnects every patch. */
    public FleetReport run() throws InterruptedException {
        startNanos = System.nanoTime();
        stats.started(startNanos);
        List<DeviceLink> links = new ArrayList<>(config.devices());
        for (int i = 0; i < config.devices(); i++) {
            String id = config.deviceId(i);
            links.add(new DeviceLink(
                    config, new SimulatedPatch(id, 1, config.sampleInterval(), config.seed() * 1_000_003L + i), stats));
        }
        LOG.info(
                "fleet {} of {} patches against {}:{}",
                config.mode(),
                config.devices(),
                config.brokerHost(),
                config.brokerPort());
        try {
            switch (config.mode()) {
                case STEADY -> runSteady(links);
                case PEAK -> runPeak(links);
                case STORM -> runStorm(links);
                default -> throw new IllegalStateException("unknown mode " + config.mode());
            }
        } finally {
            disconnectAll(links);
        }
        FleetReport report = snapshot();
        LOG.info("fleet done: {} of {} readings acknowledged", report.readingsAcknowledged(), report.readingsSent());
        return report;
    }

    /** Stops a running {@link #run()} early: no new connections or publishes; outstanding ones settle. */
    public void stop() {
        stopRequested = true;
    }

    /** The counters so far; safe to call from another thread while {@link #run()} is running. */
    public FleetReport snapshot() {
        long start = startNanos;
        Duration elapsed = start == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
        return stats.report(config.mode(), config.devices(), elapsed);
    }

    private void runSteady(List<DeviceLink> links) throws InterruptedException {
        wave(links, Duration.ZERO, link -> CompletableFuture.completedFuture(null), null);
        List<DeviceLink> open = links.stream().filter(DeviceLink::isOpen).toList();
        if (open.isEmpty()) {
            LOG.warn("no patch could connect; nothing to publish");
            return;
        }
        Semaphore inFlight = new Semaphore(config.maxPublishesInFlight());
        double batchesPerSecond = config.readingsPerSecond() / config.batchSize();
        long t0 = System.nanoTime();
        long end = t0 + config.duration().toNanos();
        long sent = 0;
        while (!stopRequested) {
            if (batchesPerSecond > 0) {
                long due = t0 + (long) (sent * 1e9 / batchesPerSecond);
                if (due >= end) {
                    break;
                }
                sleepUntil(due);
            }
            long left = end - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            DeviceLink link = open.get((int) (sent % open.size()));
            link.publish(link.patch().nextBatch(config.batchSize(), clock.instant()))
                    .whenComplete((ok, failure) -> inFlight.release());
            sent++;
        }
        long settleMillis = config.ackTimeout().plus(SETTLE_MARGIN).toMillis();
        if (!inFlight.tryAcquire(config.maxPublishesInFlight(), settleMillis, TimeUnit.MILLISECONDS)) {
            LOG.warn("publishes still unsettled after {} ms", settleMillis);
        }
    }

    private void runPeak(List<DeviceLink> links) throws InterruptedException {
        Semaphore openSlots = new Semaphore(config.maxOpenConnections());
        wave(
                links,
                config.window(),
                link -> {
                    CompletableFuture<?>[] publishes =
                            link
                                    .patch()
                                    .nextBacklog(config.backlog(), config.backlogBatchSize(), clock.instant())
                                    .stream()
                                    .map(link::publish)
                                    .toArray(CompletableFuture[]::new);
                    return CompletableFuture.allOf(publishes).thenCompose(all -> link.disconnect());
                },
                openSlots);
    }

    private void runStorm(List<DeviceLink> links) throws InterruptedException {
        Function<DeviceLink, CompletableFuture<?>> publishOne =
                link -> link.publish(link.patch().nextBatch(1, clock.instant()));
        wave(links, config.window(), publishOne, null);
        for (int cycle = 1; cycle <= config.stormCycles() && !stopRequested; cycle++) {
            disconnectAll(links);
            LOG.info("reconnect storm {} of {}", cycle, config.stormCycles());
            wave(links, config.window(), publishOne, null);
        }
    }

    /**
     * Connects every patch, starts spread evenly over {@code window}, with at most {@code
     * maxConnectsInFlight} attempts outstanding, runs {@code afterConnect} on each accepted connection
     * and waits until all of that settled. With {@code openSlots}, a slot is held from before the
     * connection until {@code afterConnect} completed.
     */
    private void wave(
            List<DeviceLink> links,
            Duration window,
            Function<DeviceLink, CompletableFuture<?>> afterConnect,
            Semaphore openSlots)
            throws InterruptedException {
        Semaphore connecting = new Semaphore(config.maxConnectsInFlight());
        CountDownLatch settled = new CountDownLatch(links.size());
        long t0 = System.nanoTime();
        long windowNanos = window.toNanos();
        int started = 0;
        for (; started < links.size() && !stopRequested; started++) {
            sleepUntil(t0 + windowNanos * started / links.size());
            if (openSlots != null) {
                openSlots.acquire();
            }
            connecting.acquire();
            DeviceLink link = links.get(started);
            link.connect()
                    .thenCompose(accepted -> {
                        connecting.release();
                        return accepted ? afterConnect.apply(link) : CompletableFuture.completedFuture(null);
                    })
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            LOG.warn(
                                    "device {} failed after connecting",
                                    link.patch().deviceId(),
                                    failure);
                        }
                        if (openSlots != null) {
                            openSlots.release();
                        }
                        settled.countDown();
                    });
        }
        for (int skipped = started; skipped < links.size(); skipped++) {
            settled.countDown();
        }
        Duration deadline = config.connectTimeout().plus(config.ackTimeout()).plus(SETTLE_MARGIN);
        if (!settled.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} patches still unsettled {} after the wave", settled.getCount(), deadline);
        }
    }

    private void disconnectAll(List<DeviceLink> links) throws InterruptedException {
        CompletableFuture<?>[] closing =
                links.stream().map(DeviceLink::disconnect).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("not every patch disconnected cleanly: {}", e.toString());
        }
    }

    private void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while (!stopRequested && (left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
