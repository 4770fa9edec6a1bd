package dev.calor.e2e.bench;

import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.Patient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end under open-loop load: warm-up, the {@link RateSearch}, the confirmation of its rate for {@link
 * LoadPlan#confirm()} with fever patients going into fever at planned times (alert latency under load), and a
 * step at half the sustainable rate. Each confirmation that does not hold is retried at 0.8 of its rate.
 */
final class EndToEndPhase {

    private static final Logger LOG = LoggerFactory.getLogger(EndToEndPhase.class);
    private static final double BACKOFF = 0.8;
    /** Publish-to-queryable samples (batches) a confirmation aims for. */
    static final int MIN_SAMPLES = 10_000;

    /** A confirmation runs at most this many times its planned length to reach {@link #MIN_SAMPLES} batches. */
    private static final int MAX_STRETCH = 6;
    /** The first fever starts this long into the confirmation. */
    private static final Duration HEALTHY_LEAD = Duration.ofSeconds(3);
    /** ... and its fever starts at least this long before the end, so its episode falls due within the step. */
    private static final Duration FEVER_TAIL = Duration.ofSeconds(8);

    private final LoadPlan plan;
    private final BenchPipeline pipeline;
    private final Duration settle;
    private final List<StepResult> everyStep = new ArrayList<>();

    /** @param settle how long to wait at the end for every acknowledged reading to be stored */
    EndToEndPhase(LoadPlan plan, BenchPipeline pipeline, Duration settle) {
        this.plan = plan;
        this.pipeline = pipeline;
        this.settle = settle;
    }

    EndToEndResult run() throws Exception {
        CareCircle circle = pipeline.careCircle();
        List<LoadPatch> pool = new ArrayList<>(connect(BenchDevices.load(plan), null));
        // the fever patches load the pipeline from the start, healthy, so the worker never sees them silent
        // (NO_DATA) and the replayed engine has seen every reading the worker has when a fever begins
        List<List<LoadPatch>> feverByAttempt = new ArrayList<>();
        for (int a = 1; a <= plan.confirmAttempts(); a++) {
            List<LoadPatch> fever = connect(BenchDevices.fever(plan, a), circle);
            feverByAttempt.add(fever);
            pool.addAll(fever);
        }
        try {
            List<String> everyDevice = pool.stream().map(LoadPatch::deviceId).toList();
            List<String> offPath = pipeline.offAlertPath(everyDevice);
            if (!plan.warmUp().isZero()) {
                step("warm-up", plan.search().startRate(), plan.warmUp(), pool, null);
            }
            RateSearch.Outcome search = plan.fixedRate() > 0
                    ? new RateSearch.Outcome(List.of(), plan.fixedRate(), true)
                    : RateSearch.run(
                            plan.search(),
                            (name, rate) -> step(name, rate, plan.search().step(), pool, null));
            List<Confirmation> confirmations = new ArrayList<>();
            double rate = search.candidate();
            for (int a = 1; a <= plan.confirmAttempts(); a++) {
                Confirmation c = confirm(a, rate, pool, feverByAttempt.get(a - 1));
                confirmations.add(c);
                LOG.info("{}", c.step().summary());
                if (c.step().unsustainable().isEmpty()) {
                    break;
                }
                rate *= BACKOFF;
            }
            Confirmation last = confirmations.get(confirmations.size() - 1);
            boolean held = last.step().unsustainable().isEmpty();
            double half = (held ? last.step().settings().rate() : search.candidate()) / 2;
            StepResult halfRate = step("half rate", half, plan.halfRate(), pool, null);
            LOG.info("{}", halfRate.summary());
            long acknowledged = everyStep.stream()
                    .mapToLong(StepResult::readingsAcknowledged)
                    .sum();
            StoredReadings.Outcome stored = StoredReadings.await(
                    () -> pipeline.storedReadings(BenchDevices.LOAD) + pipeline.storedReadings(BenchDevices.FEVER),
                    acknowledged,
                    settle);
            return new EndToEndResult(
                    plan,
                    search,
                    confirmations,
                    halfRate,
                    everyDevice.size(),
                    offPath,
                    acknowledged,
                    stored.stored(),
                    Double.NaN);
        } finally {
            disconnect(pool);
        }
    }

    /**
     * A confirmation step: every patch, the attempt's fever patches going into fever at planned times, the
     * caregiver subscribed to their alerts.
     */
    private Confirmation confirm(int attempt, double rate, List<LoadPatch> pool, List<LoadPatch> fever)
            throws Exception {
        try (AlertWatch alerts = AlertWatch.subscribe(
                pipeline.brokerHost(),
                pipeline.brokerPort(),
                pipeline.caregiver(),
                BenchPipeline.SECRET,
                fever.stream().map(p -> p.replay().patientId()).toList())) {
            planFevers(fever, confirmDuration(plan, rate));
            ServerCpu cpuBefore = pipeline.serverCpu();
            StepResult step = step("confirmation " + attempt, rate, confirmDuration(plan, rate), pool, alerts);
            ServerCpu cpu = pipeline.serverCpu().since(cpuBefore);
            alerts.awaitRaised(settle);
            return new Confirmation(step, alerts.outcome(), cpu);
        }
    }

    /**
     * The planned confirmation, longer where its rate would give fewer than {@link #MIN_SAMPLES} batches (a p99
     * needs them), at most {@link #MAX_STRETCH} times as long.
     */
    static Duration confirmDuration(LoadPlan plan, double rate) {
        double batchesPerSecond = rate / plan.batchSize();
        long needed = (long) Math.ceil(MIN_SAMPLES / batchesPerSecond);
        long seconds = Math.max(
                plan.confirm().toSeconds(), Math.min(needed, plan.confirm().toSeconds() * MAX_STRETCH));
        return Duration.ofSeconds(seconds);
    }

    /** Fever onsets spread evenly over the confirmation, after a healthy lead and before its tail. */
    private static void planFevers(List<LoadPatch> fever, Duration duration) {
        long startEpochNs = System.currentTimeMillis() * 1_000_000L + HEALTHY_LEAD.toNanos();
        long span = Math.max(0, duration.minus(HEALTHY_LEAD).minus(FEVER_TAIL).toNanos());
        for (int i = 0; i < fever.size(); i++) {
            fever.get(i).feverFrom(startEpochNs + span * i / Math.max(1, fever.size()));
        }
    }

    /**
     * @param cpu CPU of broker, worker and influxd from the step's start until its last reading was queryable or
     *     its drain ended
     */
    record Confirmation(StepResult step, AlertWatch.Outcome alerts, ServerCpu cpu) {

        double serverCpuSeconds() {
            return cpu.total();
        }
    }

    private StepResult step(String name, double rate, Duration duration, List<LoadPatch> patches, AlertWatch alerts)
            throws InterruptedException {
        LoadStep.Settings settings = new LoadStep.Settings(
                rate, duration, plan.batchSize(), plan.pollPeriod(), plan.drain(), BenchDevices.LOAD_REGEX);
        StepResult result = LoadStep.run(name, settings, patches, pipeline.influx(), BenchPipeline.DATABASE, alerts);
        everyStep.add(result);
        return result;
    }

    private List<LoadPatch> connect(List<String> ids, CareCircle circle) throws Exception {
        List<LoadPatch> patches = new ArrayList<>();
        List<CompletableFuture<?>> connecting = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            FeverReplay replay = null;
            if (circle != null) {
                String patientId = circle.assignmentAt(id, System.currentTimeMillis() * 1_000_000L)
                        .orElseThrow(() -> new IllegalStateException(id + " is not in the care circle"))
                        .patientId();
                Patient patient = circle.patient(patientId).orElseThrow();
                replay = new FeverReplay(id, patient.profile());
            }
            LoadPatch patch = new LoadPatch(
                    id, pipeline.brokerHost(), pipeline.brokerPort(), pipeline.passwordTemplate(), i + 1L, replay);
            patches.add(patch);
            connecting.add(patch.connect());
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return patches;
    }

    private static void disconnect(List<LoadPatch> patches) {
        try {
            CompletableFuture.allOf(patches.stream().map(LoadPatch::disconnect).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("not every load patch disconnected cleanly: {}", e.toString());
        }
    }
}
