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
                + " prints one table: steady throughput against influxd's raw ingest rate, the hourly peak,"
                + " latencies, the footprint of each process and a Mosquitto baseline. Exit code 1 when the"
                + " pipeline failed or the hourly peak lost a reading.")
public final class BenchMain implements Callable<Integer> {

    enum Format {
        json,
        csv
    }

    @Option(names = "--quick", description = "A profile small enough for CI (under two minutes).")
    boolean quick;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A YAML plan over the profile (keys: steadyDevices, steadyRate, steadyDuration, batchSize,"
                    + " peakDevices, peakWindow, backlog, latencySamples, backgroundRate, alertSamples, rawPoints,"
                    + " mosquittoBaseline, settleTimeout); options below override it.")
    Path config;

    @Option(names = "--devices", paramLabel = "N", description = "Patches publishing in the steady phase.")
    Integer devices;

    @Option(
            names = "--rate",
            paramLabel = "READINGS_PER_S",
            description = "Readings per second offered in the steady phase; 0 = as fast as PUBACKs allow.")
    Double rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Length of the steady phase and of the Mosquitto baseline (e.g. 60s).")
    Duration duration;

    @Option(names = "--peak-devices", paramLabel = "N", description = "Patches of the hourly peak (0 skips it).")
    Integer peakDevices;

    @Option(
            names = "--peak-window",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "The peak's patches all connect within this window.")
    Duration peakWindow;

    @Option(names = "--backlog", paramLabel = "READINGS", description = "Readings each peak patch flushes.")
    Integer backlog;

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
        BenchResults results = new BenchRun(plan).run();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        out.print(results.toTable());
        out.flush();
        if (format != null) {
            Path file = Path.of(output[1]);
            Files.writeString(file, format == Format.json ? results.toJson() : results.toCsv());
            out.println("written: " + file.toAbsolutePath());
        }
        return BenchRun.succeeded(plan, results) ? 0 : 1;
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
        return new BenchPlan(
                base.profile(),
                devices != null ? devices : base.steadyDevices(),
                rate != null ? rate : base.steadyRate(),
                duration != null ? duration : base.steadyDuration(),
                base.batchSize(),
                peakDevices != null ? peakDevices : base.peakDevices(),
                peakWindow != null ? peakWindow : base.peakWindow(),
                backlog != null ? backlog : base.backlog(),
                base.latencySamples(),
                base.backgroundRate(),
                base.alertSamples(),
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
