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
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./calor bench --cluster}: on a {@link ClusterPipeline}, how fast one and two workers drain a backlog the
 * broker nodes put into Kafka (the workers stopped while the fleet flushes, then started together; timed from
 * the moment the group owns every partition until the storage group has committed everything, i.e. InfluxDB
 * accepted it), and the fail-over of a {@code kill -9} of a worker under steady load: until the survivor owns
 * every partition of both groups, and until every reading acknowledged before the kill is stored.
 */
final class ClusterPhase {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPhase.class);
    private static final String DB = "calor";
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final int BACKLOG_BATCH = 60;

    /** Patches per fleet, readings each flushes for a drain, the steady rate and length of the fail-over load. */
    record Plan(int patches, int backlog, double failoverRate, Duration failoverLoad, Duration killAfter) {

        static Plan standard() {
            return new Plan(100, 2_000, 1_000, Duration.ofSeconds(40), Duration.ofSeconds(15));
        }
    }

    /** One drain: the backlog's readings, the seconds they took, the backlog in Kafka records (batches). */
    record Drain(long readings, double seconds, long lagRecords) {

        double readingsPerSecond() {
            return seconds > 0 ? readings / seconds : Double.NaN;
        }
    }

    record Result(
            int partitions,
            Drain oneWorker,
            Drain twoWorkers,
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
            results.sampled(
                    "cluster.one_worker.readings_per_s",
                    "cluster: backlog drained by one worker",
                    oneWorker.readingsPerSecond(),
                    "readings/s",
                    oneWorker.readings());
            results.sampled(
                    "cluster.two_workers.readings_per_s",
                    "cluster: backlog drained by two workers",
                    twoWorkers.readingsPerSecond(),
                    "readings/s",
                    twoWorkers.readings());
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
            Drain one = drain("one-", List.of(PipelineFiles.WORKER), secret);
            Drain two = drain("two-", ClusterPipeline.WORKERS, secret);
            return failover(secret, one, two);
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    /**
     * Workers stopped, the fleet flushes its backlog into Kafka, then {@code workers} start together and drain it.
     * Timed on the storage group's lag: from the last moment nothing of the backlog was committed until all of
     * it was (InfluxDB accepted every point), so JVM start-up is not counted and the readings are the backlog's.
     */
    private Drain drain(String prefix, List<String> workers, String secret) throws InterruptedException {
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
        long backlog = lag();
        long storedBefore = stored(prefix);
        CompletableFuture<?> starting = CompletableFuture.runAsync(() -> cluster.restartWorkers(workers));
        long untouchedUntil = System.nanoTime();
        long deadline = untouchedUntil + DRAIN_TIMEOUT.toNanos();
        long left = backlog;
        while (left > 0) {
            if (System.nanoTime() > deadline || starting.isCompletedExceptionally()) {
                starting.join(); // reports why the workers did not start
                throw new IllegalStateException("the backlog was not drained within " + DRAIN_TIMEOUT);
            }
            Thread.sleep(100);
            long now = System.nanoTime();
            left = lagOr(left);
            if (left == backlog) {
                untouchedUntil = now;
            }
        }
        double seconds = (System.nanoTime() - untouchedUntil) / 1e9;
        starting.join();
        long drained = stored(prefix) - storedBefore;
        LOG.info(
                "{} worker(s): backlog of {} records ({} readings acknowledged, {} stored) drained in {} s",
                workers.size(),
                backlog,
                flushed.readingsAcknowledged(),
                drained,
                seconds);
        return new Drain(flushed.readingsAcknowledged(), seconds, backlog);
    }

    /** The storage group's lag, or {@code previous} while Kafka cannot say (the group rebalancing). */
    private long lagOr(long previous) {
        try {
            return lag();
        } catch (IllegalStateException notNow) {
            return previous;
        }
    }

    /** Both workers up, steady load through HAProxy; one worker killed after {@code killAfter}. */
    private Result failover(String secret, Drain one, Drain two) throws InterruptedException {
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

    private long lag() {
        return cluster.groups().lag(KafkaGroups.STORAGE, "calor.readings", ClusterPipeline.PARTITIONS);
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
