package dev.calor.sim.fleet;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * The fleet options of the simulator's command line, as a picocli mixin: {@code --fleet N} switches
 * fleet mode on, every other option starts with {@code --fleet-}.
 */
public final class FleetOptions {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    @Option(
            names = "--fleet",
            paramLabel = "N",
            description = "Fleet mode: N simulated patches, each on its own MQTT connection (0 = off).")
    int devices;

    @Option(
            names = "--fleet-broker",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:1883",
            description = "MQTT broker of the fleet (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(
            names = "--fleet-mode",
            defaultValue = "STEADY",
            description = "STEADY, PEAK or STORM (default: ${DEFAULT-VALUE}).")
    FleetMode mode;

    @Option(
            names = "--fleet-rate",
            paramLabel = "READINGS_PER_S",
            defaultValue = "0",
            description = "STEADY: total readings per second; 0 = as fast as acknowledgements allow.")
    double rate;

    @Option(
            names = "--fleet-duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "STEADY: how long to publish (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--fleet-batch-size",
            defaultValue = "10",
            description = "STEADY: readings per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--fleet-window",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "PEAK/STORM: connections start spread over this window (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--fleet-backlog",
            defaultValue = "60",
            description = "PEAK: readings each patch flushes (default: ${DEFAULT-VALUE}).")
    int backlog;

    @Option(
            names = "--fleet-backlog-batch-size",
            defaultValue = "60",
            description = "PEAK: the backlog goes out in batches of at most this many (default: ${DEFAULT-VALUE}).")
    int backlogBatchSize;

    @Option(
            names = "--fleet-storm-cycles",
            defaultValue = "3",
            description = "STORM: disconnect/reconnect cycles of the whole fleet (default: ${DEFAULT-VALUE}).")
    int stormCycles;

    @Option(
            names = "--fleet-sample-interval",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Spacing of sample times in a batch (default: ${DEFAULT-VALUE}).")
    Duration sampleInterval;

    @Option(
            names = "--fleet-id-prefix",
            defaultValue = FleetConfig.DEFAULT_PREFIX,
            description = "Device ids are this prefix plus 000001, 000002, ... (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(
            names = "--fleet-password",
            paramLabel = "TEMPLATE",
            defaultValue = FleetConfig.DEFAULT_PASSWORD_TEMPLATE,
            description = "Each device's MQTT password; {device} is replaced by its id (default: ${DEFAULT-VALUE}).")
    String passwordTemplate;

    @Option(
            names = "--fleet-max-connecting",
            defaultValue = "200",
            description = "Connection attempts outstanding at once (default: ${DEFAULT-VALUE}).")
    int maxConnecting;

    @Option(
            names = "--fleet-max-open",
            defaultValue = "15000",
            description = "PEAK: connections open at once; keep below `ulimit -n` (default: ${DEFAULT-VALUE}).")
    int maxOpen;

    @Option(
            names = "--fleet-max-in-flight",
            defaultValue = "2000",
            description = "Publishes awaiting their PUBACK at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(
            names = "--fleet-connect-timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Deadline of one connection attempt (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(
            names = "--fleet-ack-timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Deadline of one PUBACK (default: ${DEFAULT-VALUE}).")
    Duration ackTimeout;

    @Option(
            names = "--fleet-seed",
            defaultValue = "1",
            description = "Seed of the simulated physiology (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Whether {@code --fleet N} asked for fleet mode. */
    public boolean enabled() {
        return devices > 0;
    }

    /** @throws FleetConfigException listing every invalid option */
    public FleetConfig toConfig() {
        String host = broker;
        int port = -1;
        int colon = broker == null ? -1 : broker.lastIndexOf(':');
        if (colon > 0) {
            host = broker.substring(0, colon);
            try {
                port = Integer.parseInt(broker.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        return FleetConfig.builder()
                .broker(host, port)
                .devices(devices)
                .deviceIdPrefix(idPrefix)
                .passwordTemplate(passwordTemplate)
                .mode(mode)
                .readingsPerSecond(rate)
                .duration(duration)
                .batchSize(batchSize)
                .window(window)
                .backlog(backlog)
                .backlogBatchSize(backlogBatchSize)
                .stormCycles(stormCycles)
                .sampleInterval(sampleInterval)
                .maxConnectsInFlight(maxConnecting)
                .maxOpenConnections(maxOpen)
                .maxPublishesInFlight(maxInFlight)
                .connectTimeout(connectTimeout)
                .ackTimeout(ackTimeout)
                .seed(seed)
                .build();
    }

    /**
     * Runs the fleet these options describe and prints its report. Ctrl-C stops it early (outstanding
     * publishes still settle). Exit code: 0 when every reading was acknowledged and every connection
     * accepted, 1 otherwise, 2 for invalid options.
     */
    public int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        FleetConfig config;
        try {
            config = toConfig();
        } catch (FleetConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        FleetRunner runner = new FleetRunner(config);
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(
                () -> {
                    runner.stop();
                    try {
                        finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "fleet-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        FleetReport report;
        try {
            report = runner.run();
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook has run
        }
        out.print(report.toText());
        out.flush();
        boolean complete = report.readingsAcknowledged() == report.readingsSent()
                && report.connectionsAccepted() == report.connectAttempts();
        return complete ? 0 : 1;
    }
}
