package dev.calor.edgebridge;

import dev.calor.config.ConfigException;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.config.BridgeConfigReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./calor bridge --config FILE}: runs the edge bridge until SIGTERM/SIGINT. */
@Command(
        name = "calor bridge",
        mixinStandardHelpOptions = true,
        description = "The Calor edge bridge: reads patches over serial or BLE, buffers every reading durably, "
                + "publishes batches over MQTT 5 (QoS 1).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:failed while running", "2:invalid configuration or arguments"},
        subcommands = dev.calor.edgebridge.tool.BufferCommand.class)
public final class BridgeMain implements Callable<Integer> {

    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILURE = 1;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (required to run)")
    Path config;

    @Option(names = "--check", description = "validate the configuration, print the result and exit")
    boolean check;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "calor-bridge-logback.xml");
        }
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new BridgeMain());
        cli.setExitCodeExceptionMapper(e -> e instanceof ConfigException ? EXIT_CONFIG : EXIT_FAILURE);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        if (config == null) {
            System.err.println("calor bridge: --config FILE is required (or a subcommand: buffer)");
            return EXIT_CONFIG;
        }
        BridgeConfig parsed;
        try {
            parsed = BridgeConfigReader.read(config);
        } catch (ConfigException e) {
            PrintWriter err = new PrintWriter(System.err, true);
            err.println("calor bridge: refusing to start, " + e.getMessage());
            return EXIT_CONFIG;
        }
        if (check) {
            System.out.println("configuration OK: bridge " + parsed.bridgeId() + ", "
                    + parsed.patches().size() + " patches");
            return 0;
        }
        Bridge bridge = Bridge.start(parsed, Clock.systemUTC());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            bridge.close();
                            stopped.countDown();
                        },
                        "calor-bridge-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
