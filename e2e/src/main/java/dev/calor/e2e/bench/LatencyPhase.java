package dev.calor.e2e.bench;

import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetRunner;
import dev.calor.sim.fleet.LatencyHistogram;
import dev.calor.sim.fleet.SimulatedPatch;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish-to-queryable latency under background load: a probe patch publishes one reading at a time
 * while a background fleet publishes at the planned rate, and the time from publishing until InfluxDB
 * answers a query with the reading is recorded (polled every {@value #POLL_MILLIS} ms).
 */
final class LatencyPhase {

    static final String BACKGROUND_PREFIX = "bg-";
    static final String PROBE = "probe-000001";
    static final int BACKGROUND_DEVICES = 100;
    private static final int POLL_MILLIS = 2;
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(LatencyPhase.class);

    private LatencyPhase() {}

    static void run(BenchPlan plan, Pipeline pipeline, BenchResults results) throws InterruptedException {
        if (plan.latencySamples() == 0) {
            return;
        }
        FleetRunner background = new FleetRunner(FleetConfig.builder()
                .broker(pipeline.brokerHost(), pipeline.brokerPort())
                .devices(BACKGROUND_DEVICES)
                .deviceIdPrefix(BACKGROUND_PREFIX)
                .passwordTemplate(pipeline.passwordTemplate())
                .mode(FleetMode.STEADY)
                .readingsPerSecond(plan.backgroundRate())
                .batchSize(1)
                .sampleInterval(Duration.ofSeconds(1))
                .duration(Duration.ofMinutes(30))
                .build());
        Thread load = new Thread(
                () -> {
                    try {
                        background.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "bench-background-load");
        load.start();
        LatencyHistogram histogram = new LatencyHistogram();
        int timedOut = 0;
        try (ProbeClient probe = new ProbeClient(
                pipeline.brokerHost(),
                pipeline.brokerPort(),
                PROBE,
                pipeline.passwordTemplate().replace("{device}", PROBE))) {
            SimulatedPatch patch = new SimulatedPatch(PROBE, 1, Duration.ofSeconds(1), 7);
            long stored = pipeline.storedReadingsOf(PROBE);
            for (int i = 0; i < plan.latencySamples(); i++) {
                long start = System.nanoTime();
                probe.publish(patch.nextBatch(1, Instant.now()));
                long deadline = start + SAMPLE_TIMEOUT.toNanos();
                long now;
                while ((now = System.nanoTime()) < deadline && pipeline.storedReadingsOf(PROBE) <= stored) {
                    LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
                }
                if (now >= deadline) {
                    timedOut++;
                } else {
                    histogram.recordMicros((now - start) / 1_000);
                }
                stored = pipeline.storedReadingsOf(PROBE);
            }
        } finally {
            background.stop();
            load.join(Duration.ofSeconds(90).toMillis());
        }
        LOG.info("latency: {} samples, p50 {} µs", histogram.count(), histogram.percentileMicros(50));
        results.put("latency", "background load", plan.backgroundRate(), "rdg/s");
        results.put("latency", "publish -> queryable p50", histogram.percentileMicros(50) / 1000.0, "ms");
        results.put("latency", "publish -> queryable p99", histogram.percentileMicros(99) / 1000.0, "ms");
        results.put("latency", "publish -> queryable samples", histogram.count(), "");
        if (timedOut > 0) {
            results.note("latency: " + timedOut + " probe readings not queryable within " + SAMPLE_TIMEOUT);
        }
    }
}
