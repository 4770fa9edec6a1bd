package dev.calor.worker.testing;

import dev.calor.worker.config.WorkerConfig;
import dev.calor.worker.config.WorkerConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a worker YAML file for tests (the same format operators use) and loads it. */
public final class TestWorkerConfig {

    private TestWorkerConfig() {}

    public static Path write(
            Path dir,
            String workerId,
            int mqttPort,
            String influxUrl,
            String database,
            Path careCircle,
            String shards,
            String extra) {
        String yaml =
                """
                worker-id: %s
                shard-count: 16
                shards: "%s"
                mqtt:
                  host: 127.0.0.1
                  port: %d
                  username: worker-1
                  password: worker-pw
                  client-id-prefix: calor-worker
                  receive-maximum: 32
                influx:
                  version: "1"
                  url: %s
                  database: %s
                  batch-size: 2000
                  flush-interval: 100ms
                  retry-initial: 100ms
                  retry-max: 1s
                care-circle-file: %s
                alerts:
                  state-file: %s
                  late-after: 3h
                  tick-interval: 200ms
                  delivery-retry-initial: 100ms
                  delivery-retry-max: 1s
                dead-letter-file: %s
                metrics-port: -1
                %s
                """
                        .formatted(
                                workerId,
                                shards,
                                mqttPort,
                                influxUrl,
                                database,
                                careCircle,
                                dir.resolve(workerId + "-alerts.db"),
                                dir.resolve(workerId + "-dlq.jsonl"),
                                extra);
        Path file = dir.resolve(workerId + ".yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static WorkerConfig load(Path file) {
        return WorkerConfigLoader.load(file);
    }
}
