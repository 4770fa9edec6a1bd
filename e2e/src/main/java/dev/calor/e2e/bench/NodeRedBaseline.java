package dev.calor.e2e.bench;

import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline a small team might wire instead: Node-RED ({@code node-red} and {@code node-red-contrib-influxdb}
 * from npm, installed by {@code ./calor bench} into {@code CALOR_NODE_RED_HOME}) running {@link NodeRedProcess}'s
 * flow on Mosquitto with persistence, JSON payloads from the baselines' fleet (its patches and batch size). It does
 * less than Calor: no authentication or per-device authorization, no validation, no alerting, one InfluxDB write
 * per MQTT message with no retry, and it acknowledges a message to Mosquitto on receipt, before InfluxDB accepted
 * the points (a crash or a refused write loses them).
 *
 * <p>Two measurements, each on a fresh Node-RED and Mosquitto against one influxd:
 * <ul>
 *   <li>{@code overload}: as fast as Mosquitto acknowledges, like the broker baselines. Node-RED takes every
 *       message at once and falls behind; what it did with each acknowledged reading is counted (stored, write
 *       refused, still held when the wait ended);
 *   <li>{@code held}: open loop at a constant rate it can hold (every acknowledged reading stored within
 *       {@link #HELD_DRAIN} of the last publish, no write refused), starting at Calor's confirmed rate of the same
 *       run or, when that is more, 0.8 of the rate it stored at under overload, and halving until it holds; its
 *       readings per CPU-second are the ones to compare with Calor's confirmation, also a rate held open loop.
 * </ul>
 *
 * @param overload the closed-loop run
 * @param held the last constant-rate attempt (the held one when {@link #holds()})
 * @param attempts constant-rate attempts made
 */
record NodeRedBaseline(NodeRedRun overload, NodeRedRun held, int attempts) {

    static final String HOME_ENV = "CALOR_NODE_RED_HOME";
    static final String NODE_ENV = "CALOR_NODE";
    static final Duration HELD_DRAIN = Duration.ofSeconds(5);
    static final int MAX_ATTEMPTS = 3;
    private static final String DATABASE = "calor_nodered";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Node-RED's CPU grew by less than this over {@link #IDLE_WINDOW}: it holds nothing more to write. */
    private static final double IDLE_CPU_S = 0.05;

    private static final Duration IDLE_WINDOW = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(NodeRedBaseline.class);

    /** Where the launcher installed Node-RED (and a Node.js it runs on), or null when it did not. */
    static Path home() {
        String home = System.getenv(HOME_ENV);
        if (home == null || !Files.isRegularFile(Path.of(home, "node_modules", "node-red", "red.js"))) {
            return null;
        }
        return Path.of(home);
    }

    /**
     * @param calorReadingsPerSecond the rate Calor's confirmation held in this run (NaN if none): the first
     *     constant-rate attempt runs at it when Node-RED's overload rate suggests it can, so both are measured
     *     per CPU-second at the same rate
     */
    static NodeRedBaseline measure(BenchPlan plan, Path home, double calorReadingsPerSecond)
            throws InterruptedException {
        Path dir = TempDirs.create("calor-nodered-");
        try (InfluxServer influx = InfluxServer.start()) {
            influx.createDatabase(DATABASE);
            NodeRedRun overload =
                    run(plan, home, dir, influx, "overload", 0, plan.load().confirm(), plan.settleTimeout());
            Duration heldFor = plan.load().confirm().dividedBy(2);
            double rate = Math.max(plan.load().batchSize(), overload.storedPerSecond() * 0.8);
            if (calorReadingsPerSecond > 0 && calorReadingsPerSecond < rate) {
                rate = calorReadingsPerSecond;
            }
            NodeRedRun held = null;
            int attempt = 0;
            while (attempt < MAX_ATTEMPTS && (held == null || !holds(held))) {
                attempt++;
                if (held != null) {
                    rate /= 2;
                }
                held = run(plan, home, dir, influx, "held" + attempt, rate, heldFor, HELD_DRAIN);
                LOG.info(
                        "Node-RED at {} readings/s: {} of {} stored, {} refused",
                        Math.round(rate),
                        held.stored(),
                        held.acknowledged(),
                        held.failedReadings());
            }
            return new NodeRedBaseline(overload, held, attempt);
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    boolean holds() {
        return holds(held);
    }

    private static boolean holds(NodeRedRun run) {
        return run.acknowledged() > 0 && run.lost() == 0 && run.failedReadings() == 0;
    }

    /** One run on a fresh Node-RED and Mosquitto (no session or backlog of an earlier run), device ids {@code name-}. */
    private static NodeRedRun run(
            BenchPlan plan,
            Path home,
            Path dir,
            InfluxServer influx,
            String name,
            double rate,
            Duration duration,
            Duration drain)
            throws InterruptedException {
        String prefix = "nodered-" + name + "-";
        try (MosquittoServer mosquitto = MosquittoServer.start(true);
                NodeRedProcess nodeRed =
                        NodeRedProcess.start(home, dir.resolve(name), DATABASE, mosquitto.port(), influx.httpPort())) {
            awaitFlowRunning(mosquitto.port(), influx, "noderedwarm" + name + "-");
            long[] pids = {nodeRed.pid(), mosquitto.pid(), Processes.childNamed("influxd")};
            Map<String, Long> errorsBefore = nodeRed.writeErrors();
            double cpuBefore = cpu(pids);
            long t0 = System.nanoTime();
            int batch = plan.load().batchSize();
            long acknowledged =
                    JsonPublisher.run(plan.load().patches(), duration, batch, rate, mosquitto.port(), prefix);
            double published = (System.nanoTime() - t0) / 1e9;
            long deadline = System.nanoTime() + drain.toNanos();
            long stored = stored(influx, prefix);
            long lastGrowth = System.nanoTime();
            double nodeCpu = Processes.cpuSeconds(nodeRed.pid());
            long idleSince = System.nanoTime();
            while (stored < acknowledged && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000_000L);
                long now = stored(influx, prefix);
                if (now != stored) {
                    stored = now;
                    lastGrowth = System.nanoTime();
                }
                double cpu = Processes.cpuSeconds(nodeRed.pid());
                if (cpu - nodeCpu > IDLE_CPU_S) {
                    nodeCpu = cpu;
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > IDLE_WINDOW.toNanos()) {
                    break; // nothing left inside Node-RED: what is not stored by now never will be
                }
            }
            double cpuSeconds = cpu(pids) - cpuBefore;
            Map<String, Long> errors = new java.util.TreeMap<>(nodeRed.writeErrors());
            errorsBefore.forEach((message, n) -> errors.merge(message, -n, Long::sum));
            errors.values().removeIf(n -> n <= 0);
            return new NodeRedRun(
                    rate,
                    acknowledged,
                    stored,
                    errors,
                    batch,
                    published,
                    Math.max(published, (lastGrowth - t0) / 1e9),
                    cpuSeconds,
                    ProcessFootprint.of("node-red", nodeRed.pid()).peakRssMiB());
        }
    }

    private static long stored(InfluxServer influx, String prefix) {
        return influx.http().count(DATABASE, InfluxSchema.countByPrefix(prefix));
    }

    /** The flow subscribes once its broker connection is up: a first reading must come through. */
    private static void awaitFlowRunning(int mqttPort, InfluxServer influx, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (stored(influx, prefix) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Node-RED flow stored nothing within " + START_TIMEOUT);
            }
            JsonPublisher.run(1, Duration.ofMillis(200), 1, 10, mqttPort, prefix);
            LockSupport.parkNanos(500_000_000L);
        }
    }

    private static double cpu(long[] pids) {
        double sum = 0;
        for (long pid : pids) {
            sum += Processes.cpuSeconds(pid);
        }
        return sum;
    }

    double readingsPerSecond() {
        return held.storedPerSecond();
    }

    /**
     * {@code baselines.node_red.*}: the held rate's figures at the top (per CPU-second the one to compare with
     * Calor), the overload's under {@code .overload}, and a note with Node-RED's own error lines when it lost any.
     */
    void addTo(BenchResults results) {
        String key = "baselines.node_red";
        if (holds()) {
            held.addTo(results, key, "node_red (held rate)");
        } else {
            results.note("baselines: Node-RED held no constant rate without loss in " + attempts
                    + " attempts; its last attempt is reported");
            held.addTo(results, key, "node_red (last constant-rate attempt, not held)");
        }
        results.figure(key + ".held_attempts", "node_red: constant-rate attempts", attempts, "");
        overload.addTo(results, key + ".overload", "node_red (overload, as fast as Mosquitto acknowledges)");
        if (overload.lost() > 0) {
            results.note("baselines: under overload Node-RED stored " + overload.stored() + " of "
                    + overload.acknowledged() + " readings Mosquitto acknowledged (it acknowledges on receipt):"
                    + " " + overload.failedReadings() + " in writes it logged as failed and did not retry "
                    + overload.failedWrites() + ", " + overload.pending()
                    + " still inside Node-RED/Mosquitto when the wait ended");
        }
    }
}
