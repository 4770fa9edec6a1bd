package dev.calor.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One benchmark run: starts the pipeline, runs every phase in turn, stops everything. */
public final class BenchRun {

    static final String RAW_DATABASE = "calor_bench_raw";
    static final String LOST_KEY = "peak.lost";
    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);

    private final BenchPlan plan;

    public BenchRun(BenchPlan plan) {
        this.plan = plan;
    }

    public BenchResults run() throws InterruptedException {
        BenchResults results = new BenchResults(plan.profile(), machine());
        results.figure("load_average.start_1m", "load average (1 min) at the start", loadAverage(), "");
        double calorReadingsPerSecond = Double.NaN;
        BenchPipeline pipeline = null;
        try {
            pipeline = BenchPipeline.start(plan);
            startBridge(pipeline, results);
            double raw = rawIngest(pipeline, results);
            EndToEndResult endToEnd = new EndToEndPhase(plan.load(), pipeline, plan.settleTimeout())
                    .run()
                    .withRawIngest(raw);
            results.add(endToEnd);
            StepResult confirmation = endToEnd.confirmation().step();
            calorReadingsPerSecond = confirmation.readingsQueryable()
                    / (confirmation.settings().duration().toNanos() / 1e9);
            HeldConnectionsRun.run(plan, pipeline.influx().url(), results);
            results.figure(
                    "footprint.bridge_patch_readings_stored",
                    "readings of the bridge's serial patch stored",
                    pipeline.storedReadingsOf(dev.calor.e2e.pipeline.PipelineFiles.DEVICE),
                    "");
            for (ProcessFootprint f : pipeline.footprints()) {
                results.figure(
                        "footprint." + f.component() + "_peak_rss_mib",
                        f.component() + " peak RSS",
                        f.peakRssMiB(),
                        "MiB");
                results.figure("footprint." + f.component() + "_cpu_s", f.component() + " CPU", f.cpuSeconds(), "s");
            }
        } catch (Exception e) {
            if (pipeline != null) {
                pipeline.keepFiles();
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            LOG.error("benchmark pipeline failed", e);
            results.note("pipeline failed: " + e);
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
        }
        BaselinePhase.run(plan, calorReadingsPerSecond, results);
        results.figure("load_average.end_1m", "load average (1 min) at the end", loadAverage(), "");
        return results;
    }

    private static void startBridge(BenchPipeline pipeline, BenchResults results) {
        try {
            pipeline.startBridge();
        } catch (RuntimeException e) {
            LOG.warn("edge bridge not started; its footprint is not measured", e);
            results.note("footprint: edge bridge not started: " + e.getMessage());
        }
    }

    /**
     * The pipeline ran with the alert engine on its path, lost no acknowledged reading, raised every fever episode
     * that fell due, and, if the plan has a peak, the peak lost nothing.
     */
    public static boolean succeeded(BenchPlan plan, BenchResults results) {
        boolean ran = results.notes().stream().noneMatch(n -> n.startsWith("pipeline failed"));
        boolean noLoss = results.value("end_to_end.lost") == 0;
        boolean alerting = results.flag("alerting_on_path").orElse(false);
        boolean alertsArrived = results.value("latency.alert.missing") == 0;
        return ran && noLoss && alerting && alertsArrived && (plan.peakDevices() == 0 || lost(results) == 0);
    }

    /** Readings lost at the peak; -1 when the peak did not run to completion. */
    public static long lost(BenchResults results) {
        double lost = results.value(LOST_KEY);
        return Double.isNaN(lost) ? -1 : (long) lost;
    }

    private double rawIngest(BenchPipeline pipeline, BenchResults results) throws InterruptedException {
        if (plan.rawPoints() == 0) {
            return Double.NaN;
        }
        pipeline.influx().createDatabase(RAW_DATABASE);
        RawIngestProbe.Result probe =
                new RawIngestProbe(pipeline.influx().url()).measure(RAW_DATABASE, plan.rawPoints());
        probe.addTo(results);
        return probe.pointsPerSecond();
    }

    /** The 1-minute load average of the machine now (how busy it was besides the benchmark), NaN off Linux. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static String machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        String memory = "";
        String cpu = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    memory = String.format(Locale.ROOT, ", %.1f GiB RAM", kib / 1024.0 / 1024.0);
                }
            }
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> ", " + l.substring(l.indexOf(':') + 1).trim())
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            memory = "";
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + ", " + cores + " cores" + cpu
                + memory + ", Java " + System.getProperty("java.version");
    }
}
