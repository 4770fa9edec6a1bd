package dev.calor.sim.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of one fleet run, turned into a {@link FleetReport} at the end. */
final class FleetStats {

    private final LongAdder connectAttempts = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final Map<String, LongAdder> connectFailures = new ConcurrentHashMap<>();
    private final AtomicLong openConnections = new AtomicLong();
    private final AtomicLong peakOpenConnections = new AtomicLong();
    private final AtomicLong lastAcceptNanos = new AtomicLong();
    private volatile long startNanos = System.nanoTime();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder batchesAcknowledged = new LongAdder();
    private final Map<String, LongAdder> batchesRejected = new ConcurrentHashMap<>();
    private final LongAdder readingsSent = new LongAdder();
    private final LongAdder readingsAcknowledged = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    void connectAttempted() {
        connectAttempts.increment();
    }

    void started(long nanoTime) {
        startNanos = nanoTime;
    }

    void connectAccepted() {
        lastAcceptNanos.accumulateAndGet(System.nanoTime(), Math::max);
        connectionsAccepted.increment();
        long open = openConnections.incrementAndGet();
        peakOpenConnections.accumulateAndGet(open, Math::max);
    }

    void connectFailed(String reason) {
        connectFailures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    long openConnections() {
        return openConnections.get();
    }

    void published(int readings) {
        batchesSent.increment();
        readingsSent.add(readings);
    }

    void acknowledged(int readings, long latencyMicros) {
        batchesAcknowledged.increment();
        readingsAcknowledged.add(readings);
        latency.recordMicros(latencyMicros);
    }

    void rejected(String reason) {
        batchesRejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    long readingsAcknowledged() {
        return readingsAcknowledged.sum();
    }

    long batchesSettled() {
        return batchesAcknowledged.sum()
                + batchesRejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    FleetReport report(FleetMode mode, int devices, Duration elapsed) {
        return new FleetReport(
                mode,
                devices,
                connectAttempts.sum(),
                connectionsAccepted.sum(),
                sums(connectFailures),
                peakOpenConnections.get(),
                lastAcceptNanos.get() == 0
                        ? Duration.ZERO
                        : Duration.ofNanos(Math.max(0, lastAcceptNanos.get() - startNanos)),
                batchesSent.sum(),
                batchesAcknowledged.sum(),
                sums(batchesRejected),
                readingsSent.sum(),
                readingsAcknowledged.sum(),
                latency.percentileMicros(50),
                latency.percentileMicros(99),
                latency.maxMicros(),
                elapsed);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> result = new java.util.TreeMap<>();
        adders.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }
}
