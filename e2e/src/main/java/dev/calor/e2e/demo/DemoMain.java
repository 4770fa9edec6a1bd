package dev.calor.e2e.demo;

import dev.calor.sim.fleet.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./calor demo}: the whole pipeline on this machine with one simulated patch running a fever. */
@Command(
        name = "calor demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the whole Calor pipeline on this machine: influxd, the broker with the Calor extension, the",
            "ingest worker, the edge bridge and one simulated patch on a real pseudo-terminal, running a fever",
            "scenario in accelerated time. Ctrl-C (or --duration) stops every process it started.",
            "With --observe, a Prometheus watches every component with Calor's operator alert rules.",
            "With --cluster, the scaled-out pipeline instead: Kafka, two broker nodes forwarding to it behind",
            "HAProxy (hashing on the MQTT client id), two workers in the Kafka consumer groups, influxd, the patch."
        })
public final class DemoMain implements Callable<Integer> {

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long (e.g. 120s, 5m). Default: run until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--influx-url",
            paramLabel = "URL",
            description = "Use this InfluxDB 1.x server instead of starting influxd (the database is created).")
    String influxUrl;

    @Option(
            names = "--database",
            defaultValue = "calor",
            description = "InfluxDB database (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file (default: the shipped demo-fever).")
    Path scenario;

    @Option(
            names = "--acceleration",
            defaultValue = "60",
            paramLabel = "X",
            description = "Scenario seconds per wall-clock second; the alert windows shrink by the same factor"
                    + " (default: ${DEFAULT-VALUE}).")
    double acceleration;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "Configuration and logs of this run (default: .calor/demo in the Calor checkout).")
    Path runDir;

    @Option(
            names = "--observe",
            description = "Also start a Prometheus (Debian's prometheus) scraping every component with Calor's"
                    + " alert rules (ops/prometheus) loaded; print its URL and, at the end, which operator alerts"
                    + " fired.")
    boolean observe;

    @Option(
            names = "--cluster",
            description = "Run Kafka, two broker nodes behind HAProxy and two workers in the Kafka consumer groups"
                    + " instead of one broker and one worker (no caregiver app, no --observe, own influxd).")
    boolean cluster;

    @Option(names = "--no-install", description = "Do not install missing Debian packages (handled by ./calor).")
    boolean noInstall;

    public static void main(String[] args) {
        // the class path holds several logback.xml (HiveMQ ships one); the demo's own is named explicitly
        System.setProperty("logback.configurationFile", "calor-e2e-logback.xml");
        System.exit(new CommandLine(new DemoMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("calor.home", "."));
        DemoOptions options;
        try {
            options = new DemoOptions(
                    duration,
                    influxUrl,
                    database,
                    scenario != null ? scenario : home.resolve("device-sim/scenarios/demo-fever.yaml"),
                    acceleration,
                    runDir != null ? runDir : home.resolve(".calor/demo"),
                    home.resolve("ops/prometheus/calor-rules.yml"),
                    observe,
                    cluster);
        } catch (IllegalArgumentException e) {
            System.err.println("calor demo: " + e.getMessage());
            return 2;
        }
        Demo demo = new Demo(options, new DemoConsole(System.out));
        Thread hook = new Thread(demo::interrupt, "calor-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoSummary summary = demo.run();
            return summary.ok() ? 0 : 1;
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already
            }
        }
    }
}
