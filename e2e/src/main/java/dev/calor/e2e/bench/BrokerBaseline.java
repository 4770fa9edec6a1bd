package dev.calor.e2e.bench;

import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One broker of the baselines under the steady phase's fleet load (same patches, batch size and duration,
 * as fast as PUBACKs allow), with one QoS 1 subscriber on every device's readings, and the CPU its process
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
            FleetReport report = new FleetRunner(
                            SteadyPhase.fleet(plan, "127.0.0.1", port, "unused-{device}", name.replace('_', '-') + "-"))
                    .run();
            long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
            while (subscriber.readings() < report.readingsAcknowledged() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            return new BrokerBaseline(
                    name,
                    report.readingsAcknowledged(),
                    subscriber.readings(),
                    plan.steadyDuration().toNanos() / 1e9,
                    Processes.cpuSeconds(pid) - cpuBefore);
        }
    }

    double readingsPerSecond() {
        return readingsAcknowledged / seconds;
    }

    void addTo(BenchResults results) {
        results.put("baselines", name + ".readings_per_s", readingsPerSecond(), "rdg/s");
        results.put("baselines", name + ".readings_acknowledged", readingsAcknowledged, "");
        results.put("baselines", name + ".readings_delivered", readingsDelivered, "");
        results.put("baselines", name + ".cpu_s", cpuSeconds, "s");
        results.put("baselines", name + ".cpu_us_per_reading", cpuSeconds * 1e6 / readingsAcknowledged, "µs");
    }
}
