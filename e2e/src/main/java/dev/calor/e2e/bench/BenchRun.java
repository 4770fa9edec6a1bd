package dev.calor.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (CalorPipeline pipeline = CalorPipeline.start(plan)) {
            startBridge(pipeline, results);
            SteadyPhase.run(plan, pipeline, results);
            rawIngest(pipeline, results);
            HeldConnectionsRun.run(plan, pipeline.influx().url(), results);
            LatencyPhase.run(plan, pipeline, results);
            AlertPhase.run(plan, pipeline, results);
            results.put(
                    "footprint",
                    "readings of the bridge's serial patch stored",
                    pipeline.storedReadingsOf(CalorPipeline.BRIDGE_PATCH),
                    "");
            for (ProcessFootprint f : pipeline.footprints()) {
                results.put("footprint", f.component() + " peak RSS", f.peakRssMiB(), "MiB");
                results.put("footprint", f.component() + " CPU", f.cpuSeconds(), "s");
            }
        } catch (RuntimeException e) {
            LOG.error("benchmark pipeline failed", e);
            results.note("pipeline failed: " + e.getMessage());
        }
        BaselinePhase.run(plan, results);
        return results;
    }

    private static void startBridge(CalorPipeline pipeline, BenchResults results) {
        try {
            pipeline.startBridge();
        } catch (RuntimeException e) {
            LOG.warn("edge bridge not started; its footprint is not measured", e);
            results.note("footprint: edge bridge not started: " + e.getMessage());
        }
    }

    /** The pipeline ran and, if the plan has a peak, it lost nothing. */
    public static boolean succeeded(BenchPlan plan, BenchResults results) {
        boolean ran = results.notes().stream().noneMatch(n -> n.startsWith("pipeline failed"));
        return ran && (plan.peakDevices() == 0 || lost(results) == 0);
    }

    /** Readings lost at the peak; -1 when the peak did not run to completion. */
    public static long lost(BenchResults results) {
        double lost = results.value(LOST_KEY);
        return Double.isNaN(lost) ? -1 : (long) lost;
    }

    private void rawIngest(CalorPipeline pipeline, BenchResults results) throws InterruptedException {
        if (plan.rawPoints() == 0) {
            return;
        }
        pipeline.influx().createDatabase(RAW_DATABASE);
        RawIngestProbe.Result probe =
                new RawIngestProbe(pipeline.influx().url()).measure(RAW_DATABASE, plan.rawPoints());
        probe.addTo(results);
        double raw = probe.pointsPerSecond();
        double endToEnd = results.value("throughput.end to end (publish -> queryable)");
        results.put("throughput", "influxd raw line-protocol ingest", raw, "pts/s");
        results.put("throughput", "ratio end to end / raw ingest", endToEnd / raw, "");
    }

    static String machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        String memory = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    memory = String.format(", %.1f GiB RAM", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            memory = "";
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + ", " + cores + " cores" + memory
                + ", Java " + System.getProperty("java.version");
    }
}
