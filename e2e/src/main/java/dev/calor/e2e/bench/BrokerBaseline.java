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
 * <p>A broker's rate counts the readings that reached the subscriber, over the publishing time plus however long
 * the last of them took to arrive: a broker that acknowledges faster than it delivers and drops what overflows its
 * client queue (HiveMQ CE discards past 100 000 queued messages, Mosquitto past its queue limit) is credited with
 * what it delivered, and the readings it dropped are counted and noted.
 *
 * @param name the JSON key under {@code baselines.}
 * @param readingsAcknowledged readings in the batches the broker acknowledged
 * @param readingsDelivered readings that reached the subscriber
 * @param seconds the fleet's publishing time, plus the wait for the last delivery after it
 * @param cpuSeconds CPU of the broker process over the run (the subscriber and fleet run in this JVM)
 */
record BrokerBaseline(
        String name, long readingsAcknowledged, long readingsDelivered, double seconds, double cpuSeconds) {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    /** No delivery for this long after the fleet stopped: the broker dropped what is missing. */
    private static final Duration DELIVERY_STALL = Duration.ofSeconds(2);

    /** One publishing leg: what the broker acknowledged, what reached the subscriber, and over how long. */
    record Leg(long acknowledged, long delivered, double seconds) {
        double deliveredPerSecond() {
            return delivered / seconds;
        }
    }

    static BrokerBaseline measure(String name, BenchPlan plan, int port, long pid) throws InterruptedException {
        try (ReadingsSubscriber subscriber = new ReadingsSubscriber("127.0.0.1", port)) {
            double cpuBefore = Processes.cpuSeconds(pid);
            Leg leg = leg(
                    plan,
                    port,
                    name.replace('_', '-') + "-",
                    "unused-{device}",
                    plan.load().confirm(),
                    subscriber);
            return new BrokerBaseline(
                    name, leg.acknowledged(), leg.delivered(), leg.seconds(), Processes.cpuSeconds(pid) - cpuBefore);
        }
    }

    /**
     * Publishes the baselines' fleet for {@code duration} and waits (bounded) for its readings at the subscriber.
     * The leg's time is the publishing time plus how long after the fleet stopped the last reading arrived.
     */
    static Leg leg(
            BenchPlan plan, int port, String prefix, String password, Duration duration, ReadingsSubscriber subscriber)
            throws InterruptedException {
        long before = subscriber.readings();
        FleetReport report = publish(plan, port, prefix, password, duration);
        long stopped = System.nanoTime();
        awaitDelivered(subscriber, report.readingsAcknowledged(), before);
        long tail = Math.max(0, subscriber.lastDeliveryNanos() - stopped);
        return new Leg(
                report.readingsAcknowledged(), subscriber.readings() - before, (duration.toNanos() + tail) / 1e9);
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

    /**
     * Waits until the subscriber holds {@code before + acknowledged} readings, or nothing more arrived for
     * {@link #DELIVERY_STALL}, or {@link #DELIVERY_TIMEOUT} passed.
     */
    private static void awaitDelivered(ReadingsSubscriber subscriber, long acknowledged, long before) {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        long seen = subscriber.readings();
        long progressAt = System.nanoTime();
        while (subscriber.readings() - before < acknowledged) {
            long now = System.nanoTime();
            long count = subscriber.readings();
            if (count != seen) {
                seen = count;
                progressAt = now;
            }
            if (now > deadline || now - progressAt > DELIVERY_STALL.toNanos()) {
                return;
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    long readingsDropped() {
        return Math.max(0, readingsAcknowledged - readingsDelivered);
    }

    /** Readings delivered to the subscriber per second. */
    double readingsPerSecond() {
        return readingsDelivered / seconds;
    }

    void addTo(BenchResults results) {
        String key = "baselines." + name;
        results.sampled(
                key + ".readings_per_s",
                name + ": readings delivered to the subscriber per second",
                readingsPerSecond(),
                "rdg/s",
                readingsDelivered);
        results.figure(key + ".readings_acknowledged", name + ": readings acknowledged", readingsAcknowledged, "");
        results.figure(
                key + ".readings_delivered", name + ": readings delivered to the subscriber", readingsDelivered, "");
        results.figure(
                key + ".readings_dropped",
                name + ": readings acknowledged but never delivered (dropped by the broker)",
                readingsDropped(),
                "");
        results.figure(key + ".cpu_s", name + ": broker CPU", cpuSeconds, "s");
        results.sampled(
                key + ".cpu_us_per_reading",
                name + ": broker CPU per reading delivered",
                cpuSeconds * 1e6 / readingsDelivered,
                "µs",
                readingsDelivered);
        results.sampled(
                key + ".readings_per_cpu_s",
                name + ": readings delivered per broker CPU-second (its only server process)",
                readingsDelivered / cpuSeconds,
                "rdg/CPU-s",
                readingsDelivered);
        if (readingsDropped() > 0) {
            results.note("baselines: " + name + " acknowledged " + readingsAcknowledged + " readings and delivered "
                    + readingsDelivered + ": " + readingsDropped()
                    + " never reached its subscriber, and its rate counts only what did");
        }
    }
}
