package dev.calor.e2e.bench;

import dev.calor.e2e.pipeline.ClusterPipeline;
import dev.calor.e2e.pipeline.KafkaGroups;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import dev.calor.testsupport.TempDirs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./calor bench --cluster}: on a {@link ClusterPipeline}, the throughput of one and of two workers at work,
 * and the fail-over of a {@code kill -9} of a worker under steady load.
 *
 * <p>Throughput ({@link ClusterDrain}): with the workers stopped the fleet flushes a backlog into Kafka, then the
 * workers start together. Each group's committed offsets (storage: InfluxDB accepted the points; alerting: the
 * alert state is committed) are read at the start and the end of its own {@link GroupWindow}, which opens once the
 * group is at work and closes before its backlog runs low: neither the rebalance when a second worker joins nor a
 * member's start-up is counted. The cold drain, all of that included, is a figure of its own.
 *
 * <p>Fail-over: until the survivor owns every partition of both groups, and until every reading acknowledged
 * before the kill is stored.
 */
final class ClusterPhase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPhase.class);
    private static final String DB = "calor";
    private static final String TOPIC = "calor.readings";
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final int BACKLOG_BATCH = 60;
    /** The window closes once either group's lag falls below this share of the backlog (partitions run dry). */
    private static final double LOW_LAG = 0.15;
    /** A shorter window says too little: the phase fails rather than print it. */
    private static final Duration MIN_WINDOW = Duration.ofSeconds(1);

    /**
     * Patches per fleet, readings each flushes for a drain, the longest throughput window, the steady rate and
     * length of the fail-over load, and when in it a worker is killed.
     */
    record Plan(
            int patches, int backlog, Duration window, double failoverRate, Duration failoverLoad, Duration killAfter) {

        static Plan standard() {
            return new Plan(100, 4_000, Duration.ofSeconds(5), 1_000, Duration.ofSeconds(40), Duration.ofSeconds(15));
        }
    }

    record Result(
            int partitions,
            ClusterDrain oneWorker,
            ClusterDrain twoWorkers,
            double failoverOwnedSeconds,
            double failoverDrainedSeconds,
            long failoverAcknowledged,
            long failoverStored,
            long failoverRefusedBatches,
            double loadAverage)
            implements PhaseResult {

        boolean lostNothing() {
            return failoverStored >= failoverAcknowledged;
        }

        @Override
        public void addTo(BenchResults results) {
            results.figure("cluster.partitions", "cluster: readings partitions", partitions, "");
            results.figure("cluster.load_average_1m", "cluster: load average (1 min) at the end", loadAverage, "");
            oneWorker.addTo(results, "cluster.one_worker", "one worker");
            twoWorkers.addTo(results, "cluster.two_workers", "two workers");
            results.sampled(
                    "cluster.failover_s",
                    "cluster: kill -9 of a worker -> survivor owns every partition",
                    failoverOwnedSeconds,
                    "s",
                    1);
            results.sampled(
                    "cluster.failover_drained_s",
                    "cluster: kill -9 of a worker -> everything acknowledged before it stored",
                    failoverDrainedSeconds,
                    "s",
                    1);
            results.figure(
                    "cluster.failover.acknowledged",
                    "cluster: readings acknowledged during the fail-over load",
                    failoverAcknowledged,
                    "");
            results.figure(
                    "cluster.failover.refused_batches",
                    "cluster: batches refused (0x97: Kafka slower than the time-out; a bridge resends them)",
                    failoverRefusedBatches,
                    "");
            results.figure(
                    "cluster.failover.lost",
                    "cluster: of them not stored",
                    Math.max(0, failoverAcknowledged - failoverStored),
                    "");
        }
    }

    private final Plan plan;
    private ClusterPipeline cluster;

    /** The results document of {@code ./calor bench --cluster}: this phase alone, on a cluster of its own. */
    static BenchResults bench() throws InterruptedException {
        BenchResults results = new BenchResults("cluster", BenchRun.machine());
        results.figure("load_average.start_1m", "load average (1 min) at the start", BenchRun.loadAverage(), "");
        try {
            results.add(new ClusterPhase(Plan.standard()).run());
        } catch (RuntimeException e) {
            LOG.error("cluster bench failed", e);
            results.note("pipeline failed: " + e.getMessage());
        }
        return results;
    }

    /** The cluster ran and lost none of the readings it acknowledged during the fail-over. */
    static boolean succeeded(BenchResults results) {
        return results.notes().stream().noneMatch(n -> n.startsWith("pipeline failed"))
                && results.get("cluster.failover.lost").map(m -> m.value() == 0).orElse(false);
    }

    ClusterPhase(Plan plan) {
        this.plan = plan;
    }

    /** Runs the phase on a cluster of its own, which it stops again. */
    Result run() throws InterruptedException {
        java.nio.file.Path dir = TempDirs.create("calor-bench-cluster-");
        List<String> devices = new ArrayList<>();
        for (String prefix : List.of("one-", "two-", "fail-")) {
            FleetConfig names = FleetConfig.builder().deviceIdPrefix(prefix).build();
            IntStream.range(0, plan.patches()).mapToObj(names::deviceId).forEach(devices::add);
        }
        String secret = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(12));
        try (ClusterPipeline started = ClusterPipeline.start(PipelineFiles.forLoadTest(dir, DB, 60, secret, devices))) {
            cluster = started;
            ClusterDrain one = drain("one-", List.of(PipelineFiles.WORKER), secret);
            ClusterDrain two = drain("two-", ClusterPipeline.WORKERS, secret);
            return failover(secret, one, two);
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    /**
     * Workers stopped, the fleet flushes its backlog into Kafka, then {@code workers} start together and drain it:
     * both groups' committed advance over a window once they are stable, and the cold drain.
     */
    private ClusterDrain drain(String prefix, List<String> workers, String secret) throws InterruptedException {
        for (String id : ClusterPipeline.WORKERS) {
            if (cluster.process(id).isAlive()) {
                cluster.process(id).stop();
            }
        }
        FleetReport flushed = new FleetRunner(fleet(prefix, secret)
                        .mode(FleetMode.PEAK)
                        .backlog(plan.backlog())
                        .backlogBatchSize(BACKLOG_BATCH)
                        .window(Duration.ofSeconds(5))
                        .build())
                .run();
        Lags backlog = lags(null);
        CompletableFuture<?> starting = CompletableFuture.runAsync(() -> cluster.restartWorkers(workers));
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long untouchedUntil = System.nanoTime();
        GroupWindow storage = new GroupWindow(backlog.storage(), plan.window(), LOW_LAG);
        GroupWindow alerting = new GroupWindow(backlog.alerting(), plan.window(), LOW_LAG);
        Lags now = backlog;
        while (now.storage() > 0 || now.alerting() > 0) {
            if (System.nanoTime() > deadline || starting.isCompletedExceptionally()) {
                starting.join(); // reports why the workers did not start
                throw new IllegalStateException("the backlog was not drained within " + DRAIN_TIMEOUT);
            }
            Thread.sleep(100);
            now = lags(now);
            if (now.storage() == backlog.storage() && now.alerting() == backlog.alerting()) {
                untouchedUntil = now.nanos();
            }
            if (!storage.closed()) {
                storage.sample(now.storageByPartition(), stable(KafkaGroups.STORAGE, workers), now.nanos());
            }
            if (!alerting.closed()) {
                alerting.sample(now.alertingByPartition(), stable(KafkaGroups.ALERTING, workers), now.nanos());
            }
        }
        double cold = (now.nanos() - untouchedUntil) / 1e9;
        starting.join();
        check(KafkaGroups.STORAGE, storage, backlog.storage());
        check(KafkaGroups.ALERTING, alerting, backlog.alerting());
        ClusterDrain drain = new ClusterDrain(
                flushed.readingsAcknowledged(),
                backlog.storage(),
                storage.seconds(),
                storage.records(),
                alerting.seconds(),
                alerting.records(),
                cold);
        LOG.info(
                "{} worker(s): backlog {} readings in {} records; storage at work at lag {}, {} records in {} s"
                        + " ({} readings/s); alerting at work at lag {}, {} records in {} s ({} readings/s);"
                        + " cold drain {} s",
                workers.size(),
                drain.backlogReadings(),
                drain.backlogRecords(),
                storage.startLag(),
                storage.records(),
                storage.seconds(),
                Math.round(drain.storageReadingsPerSecond()),
                alerting.startLag(),
                alerting.records(),
                alerting.seconds(),
                Math.round(drain.alertingReadingsPerSecond()),
                cold);
        return drain;
    }

    /** A window that did not open in time, was too short or held a rebalance fails the phase: no figure from it. */
    private static void check(String group, GroupWindow window, long backlog) {
        if (!window.closed() || window.seconds() < MIN_WINDOW.toSeconds()) {
            throw new IllegalStateException(group + " was at work only once its backlog of " + backlog
                    + " records was nearly drained: no window of " + MIN_WINDOW + " to measure");
        }
        if (window.rebalancedInside()) {
            throw new IllegalStateException(group + " rebalanced during its measuring window");
        }
    }

    /** The partitions of each member of {@code group} if it is stable over {@code workers}; else (or unknown) none. */
    private java.util.Collection<java.util.Set<Integer>> stable(String group, List<String> workers) {
        try {
            return cluster.groups()
                    .stableAssignment(group, workers, ClusterPipeline.PARTITIONS)
                    .values();
        } catch (IllegalStateException notNow) {
            return List.of();
        }
    }

    /** Both groups' lag in records of the readings topic per partition, read at {@code nanos} (between the reads). */
    private record Lags(Map<Integer, Long> storageByPartition, Map<Integer, Long> alertingByPartition, long nanos) {

        long storage() {
            return storageByPartition.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }

        long alerting() {
            return alertingByPartition.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }

        @Override
        public String toString() {
            return "storage " + storage() + ", alerting " + alerting() + " records";
        }
    }

    /** Both groups' lag now; where Kafka cannot say (a group rebalancing), {@code previous}'s, or none: it fails. */
    private Lags lags(Lags previous) {
        long before = System.nanoTime();
        Map<Integer, Long> storage =
                lagOr(KafkaGroups.STORAGE, previous == null ? null : previous.storageByPartition());
        Map<Integer, Long> alerting =
                lagOr(KafkaGroups.ALERTING, previous == null ? null : previous.alertingByPartition());
        return new Lags(storage, alerting, before + (System.nanoTime() - before) / 2);
    }

    private Map<Integer, Long> lagOr(String group, Map<Integer, Long> previous) {
        try {
            return cluster.groups().lagByPartition(group, TOPIC, ClusterPipeline.PARTITIONS);
        } catch (IllegalStateException notNow) {
            if (previous == null) {
                throw notNow;
            }
            return previous;
        }
    }

    /** Both workers up, steady load through HAProxy; one worker killed after {@code killAfter}. */
    private Result failover(String secret, ClusterDrain one, ClusterDrain two) throws InterruptedException {
        FleetRunner runner = new FleetRunner(fleet("fail-", secret)
                .mode(FleetMode.STEADY)
                .readingsPerSecond(plan.failoverRate())
                .duration(plan.failoverLoad())
                .build());
        CompletableFuture<FleetReport> load = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(plan.killAfter().toMillis()); // the load's schedule, not a wait for a result
        String victim = ClusterPipeline.WORKERS.get(1);
        String survivor = ClusterPipeline.WORKERS.get(0);
        long acknowledgedBefore = runner.snapshot().readingsAcknowledged();
        cluster.process(victim).kill9();
        long killed = System.nanoTime();
        await(() -> cluster.groups().ownedBy(survivor, ClusterPipeline.PARTITIONS), "the survivor owning everything");
        double owned = (System.nanoTime() - killed) / 1e9;
        await(() -> stored("fail-") >= acknowledgedBefore, "the readings acknowledged before the kill stored");
        double drained = (System.nanoTime() - killed) / 1e9;
        FleetReport report = load.join();
        await(() -> stored("fail-") >= report.readingsAcknowledged(), "every acknowledged reading stored");
        return new Result(
                ClusterPipeline.PARTITIONS,
                one,
                two,
                owned,
                drained,
                report.readingsAcknowledged(),
                stored("fail-"),
                report.batchesRejectedTotal(),
                BenchRun.loadAverage());
    }

    private FleetConfig.Builder fleet(String prefix, String secret) {
        return FleetConfig.builder()
                .broker("127.0.0.1", cluster.mqttPort())
                .devices(plan.patches())
                .deviceIdPrefix(prefix)
                .passwordTemplate(secret)
                .ackTimeout(Duration.ofSeconds(60));
    }

    private long stored(String prefix) {
        return cluster.influx()
                .count(DB, "SELECT count(seq) FROM body_temperature WHERE device_id =~ /^" + prefix + "/");
    }

    /** Polls {@code done}; an answer Kafka cannot give yet (a group rebalancing) counts as not yet. */
    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!answers(done)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + DRAIN_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    private static boolean answers(BooleanSupplier done) {
        try {
            return done.getAsBoolean();
        } catch (IllegalStateException notYet) {
            return false;
        }
    }
}
