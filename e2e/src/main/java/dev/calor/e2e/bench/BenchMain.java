package dev.calor.e2e.bench;

import dev.calor.sim.fleet.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./calor bench}: runs the whole pipeline on loopback (influxd, the broker with the Calor
 * extension and the ingest worker as separate processes, the fleet simulator in this JVM) and prints
 * one table of figures.
 */
@Command(
        name = "calor bench",
        mixinStandardHelpOptions = true,
        description = "Measures the whole Calor pipeline on this machine (loopback only, bounded in time) and"
                + " prints one table: the sustainable end-to-end rate under open-loop load (p99 publish->queryable"
                + " under 1 s for the confirmation) against influxd's raw ingest rate, latencies from the intended"
                + " send time with their sample counts, fever alerts under load, the hourly peak, the footprint of"
                + " each process and a Mosquitto baseline; charts (PNG) and an HTML page next to the --output file"
                + " (else in ./bench-results). Exit code 1 when the pipeline failed, lost a reading or ran without"
                + " the alert engine on its path.")
public final class BenchMain implements Callable<Integer> {

    enum Format {
        json,
        csv
    }

    @Option(
            names = "--quick",
            description = "A profile small enough for CI (about 3 minutes): a short bounded rate search and a 20 s"
                    + " confirmation instead of the full search and 60 s; its rate is not one to publish.")
    boolean quick;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A YAML plan over the profile (keys: loadPatches, patchReadingInterval, fixedRate,"
                    + " confirmDuration, feverPatients, peakDevices, backlog, rawPoints, mosquittoBaseline,"
                    + " settleTimeout); options below override it.")
    Path config;

    @Option(names = "--devices", paramLabel = "N", description = "Patches of the end-to-end load pool.")
    Integer devices;

    @Option(
            names = "--rate",
            paramLabel = "READINGS_PER_S",
            description = "Confirm this rate (readings/s) instead of searching for the sustainable one.")
    Double rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Length of the end-to-end confirmation and of the Mosquitto baseline (e.g. 60s).")
    Duration duration;

    @Option(names = "--peak-devices", paramLabel = "N", description = "Patches of the hourly peak (0 skips it).")
    Integer peakDevices;

    @Option(names = "--backlog", paramLabel = "READINGS", description = "Readings each peak patch flushes.")
    Integer backlog;

    @Option(
            names = "--cluster",
            description = "Instead: the scaled-out pipeline (Kafka, two broker nodes behind HAProxy, two workers):"
                    + " backlog drained by one and by two workers, fail-over time of a kill -9 under load.")
    boolean cluster;

    @Option(names = "--no-mosquitto", description = "Skip the Mosquitto baseline.")
    boolean noMosquitto;

    @Option(
            names = "--output",
            arity = "2",
            paramLabel = "json|csv FILE",
            hideParamSyntax = true,
            description = "Also write the figures as JSON or CSV to FILE.")
    String[] output;

    @Override
    public Integer call() throws InterruptedException, IOException {
        BenchPlan plan = plan();
        Format format = null;
        if (output != null) {
            try {
                format = Format.valueOf(output[0]);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--output FORMAT must be json or csv, was " + output[0]);
            }
        }
        BenchResults results = cluster ? ClusterPhase.bench() : new BenchRun(plan).run();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.print(results.toTable());
        out.flush();
        Path dir = Path.of("bench-results");
        String name = "bench-" + plan.profile().replaceAll("[^A-Za-z0-9]+", "-");
        if (format != null) {
            Path file = Path.of(output[1]).toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, format == Format.json ? results.toJson() : results.toCsv());
            out.println("written: " + file);
            dir = file.getParent();
            name = file.getFileName().toString().replaceFirst("\\.[A-Za-z]+$", "");
        }
        Files.createDirectories(dir);
        Path markdown = dir.resolve(name + ".md");
        Files.writeString(markdown, results.toMarkdownTable());
        out.println("written: " + markdown.toAbsolutePath() + " (the table in Markdown, for README Performance)");
        for (Path chart : BenchCharts.write(results, dir, name)) {
            out.println("written: " + chart.toAbsolutePath());
        }
        return (cluster ? ClusterPhase.succeeded(results) : BenchRun.succeeded(plan, results)) ? 0 : 1;
    }

    BenchPlan plan() {
        BenchPlan base = quick ? BenchPlan.quick() : BenchPlan.full();
        if (config != null) {
            try {
                base = BenchPlanFile.read(config, base);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e, null, null);
            }
        }
        LoadPlan.Builder load = base.load().toBuilder();
        if (devices != null) {
            load.patches(devices);
        }
        if (rate != null) {
            load.fixedRate(rate);
        }
        if (duration != null) {
            load.confirm(duration);
        }
        return new BenchPlan(
                base.profile(),
                load.build(),
                peakDevices != null ? peakDevices : base.peakDevices(),
                backlog != null ? backlog : base.backlog(),
                base.rawPoints(),
                base.mosquittoBaseline() && !noMosquitto,
                base.settleTimeout());
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--clinical")) {
            String[] rest = java.util.Arrays.stream(args)
                    .filter(a -> !a.equals("--clinical"))
                    .toArray(String[]::new);
            System.exit(new CommandLine(new dev.calor.e2e.clinical.ClinicalBenchCommand()).execute(rest));
        }
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
