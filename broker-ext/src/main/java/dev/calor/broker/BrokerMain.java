package dev.calor.broker;

import dev.calor.broker.cli.DeadLettersCommand;
import dev.calor.broker.cli.HashPasswordCommand;
import dev.calor.broker.cli.UsersCommand;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ConfigLoader;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./calor broker --config FILE}: HiveMQ CE with the Calor extension, until SIGTERM or Ctrl-C. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        subcommands = {HashPasswordCommand.class, UsersCommand.class, DeadLettersCommand.class},
        description = {
            "Runs the MQTT broker (HiveMQ CE, embedded) with the Calor extension.",
            "The extension authenticates and authorizes clients, validates reading batches,",
            "rate-limits devices, dead-letters refused payloads and forwards accepted ones",
            "to the ingest shards. Example: broker-ext/config/broker.example.yaml"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", "1:failed while running", "2:invalid configuration or arguments"})
public final class BrokerMain implements Callable<Integer> {

    static final String LOGBACK_CONFIG = "calor-broker-logback.xml";

    @Option(names = "--config", paramLabel = "FILE", description = "The broker configuration (YAML).")
    Path config;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(new CommandLine(new BrokerMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (config == null) {
            System.err.println("Missing required option: '--config=FILE' (see --help)");
            return 2;
        }
        if (!Files.isReadable(config)) {
            System.err.println("cannot read configuration file " + config);
            return 2;
        }
        BrokerConfig brokerConfig;
        try {
            brokerConfig = ConfigLoader.loadBroker(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CalorBroker broker;
        try {
            broker = CalorBroker.start(brokerConfig);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("the broker did not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            stopped.countDown();
                        },
                        "calor-broker-shutdown"));
        stopped.await();
        return 0;
    }
}
