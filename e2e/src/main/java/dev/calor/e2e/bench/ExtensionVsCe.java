package dev.calor.e2e.bench;

import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.proto.Topics;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The broker with the Calor extension against HiveMQ CE without it, paired and interleaved in one run: both
 * brokers run side by side (same HiveMQ version, file persistence, 512 MiB heap, client queue of 100 000), and
 * each round publishes the same fleet (the plan's patches and batch size, the same protobuf payloads, as fast as
 * PUBACKs allow) for {@code leg} to one and then to the other, the order alternating between rounds so neither
 * always follows the other. One QoS 1 subscriber on each takes every delivered batch: on HiveMQ CE the devices'
 * readings topic, on Calor's broker every ingest shard as the worker does (the worker itself is not running). A
 * round's ratio is Calor's readings delivered per second over CE's ({@link BrokerBaseline#leg}: a broker that
 * acknowledges faster than its subscriber takes and drops the overflow is credited with what it delivered, not
 * with what it acknowledged); the figure is the median of the rounds with
 * their minimum and maximum, so load from outside the benchmark that changes between rounds shows as spread.
 *
 * <p>What CE does less: Calor's devices authenticate (username and keyed-hash password at CONNECT, outside the
 * timed legs) and every publish is authorized, validated (protobuf, schema and value checks), rate limited and
 * forwarded to its shard's ingest topic; on CE anonymous clients publish anywhere and nothing is checked.
 */
final class ExtensionVsCe {

    /** A round's two legs. */
    record Round(double extensionPerSecond, double cePerSecond) {
        double ratio() {
            return extensionPerSecond / cePerSecond;
        }
    }

    private static final Duration WARM_UP = Duration.ofSeconds(1);

    private final BenchPlan plan;
    private final int rounds;
    private final Duration leg;

    ExtensionVsCe(BenchPlan plan, int rounds, Duration leg) {
        this.plan = plan;
        this.rounds = rounds;
        this.leg = leg;
    }

    /**
     * Rounds and legs of a profile: 4 × 3 s when the confirmation is short (the quick one), else 6 × 10 s; an even
     * number of rounds, so each broker goes first as often as the other.
     */
    static ExtensionVsCe of(BenchPlan plan) {
        boolean quick = plan.load().confirm().compareTo(Duration.ofSeconds(30)) < 0;
        return quick
                ? new ExtensionVsCe(plan, 4, Duration.ofSeconds(3))
                : new ExtensionVsCe(plan, 6, Duration.ofSeconds(10));
    }

    ExtensionVsCeResult run() throws InterruptedException {
        Path dir = TempDirs.create("calor-ext-vs-ce-");
        String prefix = "pair-";
        List<String> devices = IntStream.rangeClosed(1, plan.load().patches())
                .mapToObj(i -> BenchDevices.id(prefix, i))
                .toList();
        PipelineFiles files = PipelineFiles.forLoadTest(
                dir, BenchPipeline.DATABASE, BenchPipeline.ACCELERATION, BenchPipeline.SECRET, devices);
        int cePort = FreePorts.next();
        // CE starts while Calor's pipeline does
        try (JavaProcess ce = JavaProcess.start(
                        List.of("-Xmx512m"),
                        PlainHiveMqMain.class.getName(),
                        List.of(dir.resolve("ce").toString(), Integer.toString(cePort)),
                        Map.of(),
                        dir.resolve("hivemq-ce.log"));
                LocalPipeline calor = LocalPipeline.startWithoutWorker(files, null)) {
            LocalPipeline.awaitPort(ce, cePort);
            List<String> shards = IntStream.range(0, Topics.DEFAULT_SHARD_COUNT)
                    .mapToObj(Topics::ingestFilter)
                    .toList();
            try (ReadingsSubscriber calorSub = new ReadingsSubscriber(
                            "127.0.0.1",
                            calor.brokerPort(),
                            "calor-worker-bench",
                            PipelineFiles.WORKER,
                            BenchPipeline.SECRET,
                            shards);
                    ReadingsSubscriber ceSub = new ReadingsSubscriber("127.0.0.1", cePort)) {
                Leg extension = new Leg(calor.brokerPort(), calor.broker().pid(), BenchPipeline.SECRET, calorSub);
                Leg plain = new Leg(cePort, ce.pid(), "unused", ceSub);
                // warm both JITs and connection paths before anything counts
                extension.run(prefix, WARM_UP);
                plain.run(prefix, WARM_UP);
                extension.reset();
                plain.reset();
                List<Round> results = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double ext;
                    double base;
                    if (r % 2 == 0) {
                        base = plain.run(prefix, leg);
                        ext = extension.run(prefix, leg);
                    } else {
                        ext = extension.run(prefix, leg);
                        base = plain.run(prefix, leg);
                    }
                    results.add(new Round(ext, base));
                }
                return new ExtensionVsCeResult(
                        results, leg, plan.load().batchSize(), extension.totals(), plain.totals());
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    /** One broker's side: its legs' acknowledged and delivered readings and the CPU its process spent in them. */
    private final class Leg {
        private final int port;
        private final long pid;
        private final String password;
        private final ReadingsSubscriber subscriber;
        private long acknowledged;
        private long deliveredBase;
        private double cpuSeconds;
        private double seconds;

        Leg(int port, long pid, String password, ReadingsSubscriber subscriber) {
            this.port = port;
            this.pid = pid;
            this.password = password;
            this.subscriber = subscriber;
        }

        /** Readings delivered to the subscriber per second in one leg. */
        double run(String prefix, Duration duration) throws InterruptedException {
            double cpuBefore = Processes.cpuSeconds(pid);
            BrokerBaseline.Leg leg = BrokerBaseline.leg(plan, port, prefix, password, duration, subscriber);
            cpuSeconds += Processes.cpuSeconds(pid) - cpuBefore;
            acknowledged += leg.acknowledged();
            seconds += leg.seconds();
            return leg.deliveredPerSecond();
        }

        void reset() {
            acknowledged = 0;
            cpuSeconds = 0;
            seconds = 0;
            deliveredBase = subscriber.readings();
        }

        ExtensionVsCeResult.Totals totals() {
            return new ExtensionVsCeResult.Totals(
                    acknowledged, subscriber.readings() - deliveredBase, seconds, cpuSeconds);
        }
    }
}
