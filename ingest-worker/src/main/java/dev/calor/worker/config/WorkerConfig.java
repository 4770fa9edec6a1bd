package dev.calor.worker.config;

import java.nio.file.Path;
import java.util.SortedSet;

/**
 * The whole worker configuration, validated as one (see {@link WorkerConfigLoader}).
 *
 * @param workerId names this worker in its shard claim, metrics and logs
 * @param shardCount shards of the ingest topic space; must equal the broker's
 * @param shards the shards this worker owns
 * @param careCircleFile the care-circle registry (JSON)
 * @param deadLetterFile where points InfluxDB refuses for good are kept
 * @param metricsPort Prometheus /metrics and /health on 127.0.0.1; 0 disables, -1 picks a free port
 * @param kafka the Kafka consumer-group source, when {@code source: kafka} (MQTT shards otherwise)
 */
public record WorkerConfig(
        String workerId,
        int shardCount,
        SortedSet<Integer> shards,
        MqttSettings mqtt,
        InfluxSettings influx,
        Path careCircleFile,
        AlertSettings alerts,
        Path deadLetterFile,
        int metricsPort,
        KafkaSettings kafka,
        EmailSettings email) {

    public WorkerConfig {
        shards = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(shards));
    }

    public WorkerConfig withShards(SortedSet<Integer> owned) {
        return new WorkerConfig(
                workerId,
                shardCount,
                owned,
                mqtt,
                influx,
                careCircleFile,
                alerts,
                deadLetterFile,
                metricsPort,
                kafka,
                email);
    }
}
