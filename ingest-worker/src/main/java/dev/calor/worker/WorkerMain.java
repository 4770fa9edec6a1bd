package dev.calor.worker;

import com.influxdb.client.InfluxDBClient;
import dev.calor.config.ConfigException;
import dev.calor.worker.carecircle.CareCircleException;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.config.Shards;
import dev.calor.worker.config.WorkerConfig;
import dev.calor.worker.config.WorkerConfigLoader;
import dev.calor.worker.consume.ShardTakenException;
import dev.calor.worker.sink.InfluxClientSink;
import dev.calor.worker.sink.SchemaInitializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./calor worker}: the ingest worker. */
@Command(
        name = "calor worker",
        mixinStandardHelpOptions = true,
        version = "calor worker 0.1.0",
        description = {
            "Consumes accepted reading batches from the broker (one persistent MQTT session per owned shard),",
            "writes them to InfluxDB, evaluates the alert rules per patient and delivers alerts to caregivers."
        })
public final class WorkerMain implements Callable<Integer> {

    static {
        // before the first logger: logback reads its configuration then
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "calor-worker-logback.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "worker configuration (YAML)")
    Path config;

    @Option(
            names = "--init-db",
            description = "create the InfluxDB database, retention policies and roll-up (idempotent), then exit")
    boolean initDb;

    @Option(
            names = "--shards",
            paramLabel = "SET",
            description = "shards this worker owns, e.g. 0-7 or 0,2,4 or all (overrides the file's 'shards')")
    String shards;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WorkerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        WorkerConfig cfg;
        try {
            cfg = WorkerConfigLoader.load(config);
            if (shards != null) {
                List<String> problems = new ArrayList<>();
                SortedSet<Integer> owned = Shards.parse(shards, cfg.shardCount(), m -> problems.add("--shards: " + m));
                if (!problems.isEmpty()) {
                    throw new ConfigException("command line", problems);
                }
                cfg = cfg.withShards(owned);
            }
            CareCircleWatcher.load(cfg.careCircleFile());
        } catch (ConfigException | CareCircleException e) {
            System.err.println("calor worker: refusing to start: " + e.getMessage());
            return 2;
        }
        if (initDb) {
            try (InfluxDBClient client = InfluxClientSink.client(cfg.influx())) {
                List<String> done = SchemaInitializer.init(client, cfg.influx());
                System.out.println(
                        "InfluxDB " + cfg.influx().url() + " ready (" + done.size() + " statements applied)");
                return 0;
            } catch (RuntimeException e) {
                System.err.println("calor worker: --init-db failed: " + e.getMessage());
                return 1;
            }
        }
        Worker worker;
        try {
            worker = Worker.start(cfg);
        } catch (ShardTakenException e) {
            System.err.println("calor worker: " + e.getMessage());
            return 3;
        } catch (RuntimeException e) {
            LOG.error("worker did not start", e);
            System.err.println("calor worker: did not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping worker {}", worker.config().workerId());
                            worker.close();
                            stopped.countDown();
                        },
                        "calor-worker-shutdown"));
        worker.awaitTermination();
        if (!worker.isClosed()) {
            LOG.error(
                    "the worker's pipeline ended unexpectedly; stopping (unacknowledged readings will be redelivered)");
            worker.close();
            return 1;
        }
        stopped.await();
        return 0;
    }
}
