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
                workerId: %s
                shardCount: 16
                shards: "%s"
                mqtt:
                  host: 127.0.0.1
                  port: %d
                  username: worker-1
                  password: worker-pw
                  clientIdPrefix: calor-worker
                  receiveMaximum: 32
                influx:
                  version: "1"
                  url: %s
                  database: %s
                  batchSize: 2000
                  flushInterval: 100ms
                  retryInitial: 100ms
                  retryMax: 1s
                careCircleFile: %s
                alerts:
                  stateFile: %s
                  lateAfter: 3h
                  tickInterval: 200ms
                  deliveryRetryInitial: 100ms
                  deliveryRetryMax: 1s
                deadLetterFile: %s
                metricsPort: -1
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
