package dev.calor.e2e.bench;

import dev.calor.e2e.pipeline.PipelineFiles;
import java.nio.file.Path;

/** The configuration files the benchmark gives the broker and the worker. */
final class BenchConfigs {

    private BenchConfigs() {}

    /**
     * The broker for a benchmark: file persistence, loopback only, per-device and connect rate limits
     * raised so the load generator (a few hundred patches sending what thousands would) is not throttled.
     */
    static String broker(Path dir, int port, Path credentials, Path careCircle) {
        return """
                broker:
                  home: %s
                  data-folder: %s
                  persistence: file
                  max-queue-size: 100000
                  listeners:
                    tcp:
                      bind-address: 127.0.0.1
                      port: %d
                extension:
                  credentials-file: %s
                  care-circle-file: %s
                  shard-count: 16
                  rate-limits:
                    device-messages-per-second: 1000
                    device-message-burst: 10000
                    device-bytes-per-second: 100000000
                    device-byte-burst: 100000000
                    connects-per-second: 100000
                    connect-burst: 100000
                    connects-per-second-per-address: 100000   # the whole fleet comes from 127.0.0.1
                    connect-burst-per-address: 100000
                  metrics:
                    enabled: false
                """
                .formatted(dir.resolve("broker-home"), dir.resolve("broker-data"), port, credentials, careCircle);
    }

    /** The worker: every shard, writing the benchmark database, alerts over MQTT, no metrics endpoint. */
    static String worker(
            Path dir,
            int brokerPort,
            String username,
            String password,
            String influxUrl,
            String database,
            Path careCircle) {
        return PipelineFiles.workerYaml(username, brokerPort, password, influxUrl, database, careCircle, dir, 0);
    }
}
