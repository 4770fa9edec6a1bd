package dev.calor.e2e.bench;

import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One broker of the baselines under the end-to-end phase's fleet (same patches and batch size, for the
 * confirmation's duration, as fast as PUBACKs allow), with one QoS 1 subscriber on every device's readings, and the CPU its process
 * spent meanwhile.
 *
 * @param name the JSON key under {@code baselines.}
 * @param readingsAcknowledged readings in the batches the broker acknowledged
 * @param readingsDelivered readings that reached the subscriber
 * @param seconds the fleet's publishing time
 * @param cpuSeconds CPU of the broker process over the run (the subscriber and fleet run in this JVM)
 */
record BrokerBaseline(
        String name, long readingsAcknowledged, long readingsDelivered, double seconds, double cpuSeconds) {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    static BrokerBaseline measure(String name, BenchPlan plan, int port, long pid) throws InterruptedException {
        try (ReadingsSubscriber subscriber = new ReadingsSubscriber("127.0.0.1", port)) {
            double cpuBefore = Processes.cpuSeconds(pid);
            Duration duration = plan.load().confirm();
            FleetReport report = publish(plan, port, name.replace('_', '-') + "-", "unused-{device}", duration);
            awaitDelivered(subscriber, report.readingsAcknowledged(), 0);
            return new BrokerBaseline(
                    name,
                    report.readingsAcknowledged(),
                    subscriber.readings(),
                    duration.toNanos() / 1e9,
                    Processes.cpuSeconds(pid) - cpuBefore);
        }
    }

    /** The baselines' fleet (the plan's patches and batch size) publishing as fast as PUBACKs allow. */
    static FleetReport publish(BenchPlan plan, int port, String deviceIdPrefix, String password, Duration duration)
            throws InterruptedException {
        return new FleetRunner(FleetConfig.builder()
                        .broker("127.0.0.1", port)
                        .devices(plan.load().patches())
                        .deviceIdPrefix(deviceIdPrefix)
                        .passwordTemplate(password)
                        .mode(FleetMode.STEADY)
                        .readingsPerSecond(0)
                        .duration(duration)
                        .batchSize(plan.load().batchSize())
                        .sampleInterval(Duration.ofSeconds(1))
                        .build())
                .run();
    }

    /** Waits (bounded) until the subscriber holds {@code before + acknowledged} readings. */
    static void awaitDelivered(ReadingsSubscriber subscriber, long acknowledged, long before) {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (subscriber.readings() - before < acknowledged && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
    }

    double readingsPerSecond() {
        return readingsAcknowledged / seconds;
    }

    void addTo(BenchResults results) {
        String key = "baselines." + name;
        results.sampled(
                key + ".readings_per_s",
                name + ": readings acknowledged per second",
                readingsPerSecond(),
                "rdg/s",
                readingsAcknowledged);
        results.figure(key + ".readings_acknowledged", name + ": readings acknowledged", readingsAcknowledged, "");
        results.figure(
                key + ".readings_delivered", name + ": readings delivered to the subscriber", readingsDelivered, "");
        results.figure(key + ".cpu_s", name + ": broker CPU", cpuSeconds, "s");
        results.sampled(
                key + ".cpu_us_per_reading",
                name + ": broker CPU per reading",
                cpuSeconds * 1e6 / readingsAcknowledged,
                "µs",
                readingsAcknowledged);
        results.sampled(
                key + ".readings_per_cpu_s",
                name + ": readings per broker CPU-second (its only server process)",
                readingsAcknowledged / cpuSeconds,
                "rdg/CPU-s",
                readingsAcknowledged);
    }
}
