package dev.calor.broker.forward;

import dev.calor.config.ConfigNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the extension hands accepted reading batches: to the MQTT ingest topics of this broker (one node,
 * the default) or to Apache Kafka (several broker nodes; see {@code Forwarding}).
 *
 * @param mode {@code mqtt} or {@code kafka}
 * @param bootstrapServers Kafka's {@code bootstrap.servers}; required for {@code kafka}
 * @param readingsTopic the Kafka topic of accepted batches, keyed by patient (device id when unassigned)
 * @param alertStateTopic compacted topic carrying every node's retained alert publishes to the others
 * @param alertEventsTopic topic carrying every node's non-retained alert and acknowledgement publishes
 * @param timeout how long a device's PUBACK may wait for Kafka; then it gets 0x97 and resends later
 * @param nodeId this broker node's name, unique in the cluster (Kafka client ids, relay consumer group)
 * @param partitions partitions of the readings topic when the extension creates it
 * @param replicationFactor replication factor of the topics the extension creates
 * @param maxPending batches waiting for Kafka at once; more are answered 0x97 at once
 */
public record ForwardingConfig(
        Mode mode,
        String bootstrapServers,
        String readingsTopic,
        String alertStateTopic,
        String alertEventsTopic,
        Duration timeout,
        String nodeId,
        int partitions,
        short replicationFactor,
        int maxPending) {

    public enum Mode {
        MQTT,
        KAFKA
    }

    public static final String DEFAULT_READINGS_TOPIC = "calor.readings";
    public static final String DEFAULT_ALERT_STATE_TOPIC = "calor.alert-state";
    public static final String DEFAULT_ALERT_EVENTS_TOPIC = "calor.alert-events";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_PARTITIONS = 12;
    public static final int DEFAULT_MAX_PENDING = 20_000;

    public ForwardingConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        if (mode == Mode.KAFKA && (bootstrapServers == null || bootstrapServers.isBlank())) {
            throw new IllegalArgumentException("forwarding: kafka needs bootstrap-servers");
        }
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("forwarding: node-id must not be empty");
        }
        if (partitions < 1 || replicationFactor < 1 || maxPending < 1) {
            throw new IllegalArgumentException(
                    "forwarding: partitions, replication factor and max pending must be positive");
        }
    }

    public static ForwardingConfig mqtt() {
        return new ForwardingConfig(
                Mode.MQTT,
                null,
                DEFAULT_READINGS_TOPIC,
                DEFAULT_ALERT_STATE_TOPIC,
                DEFAULT_ALERT_EVENTS_TOPIC,
                DEFAULT_TIMEOUT,
                defaultNodeId(),
                DEFAULT_PARTITIONS,
                (short) 1,
                DEFAULT_MAX_PENDING);
    }

    /** Kafka forwarding with the default topics and time-out. */
    public static ForwardingConfig kafka(String bootstrapServers, String nodeId) {
        return new ForwardingConfig(
                Mode.KAFKA,
                bootstrapServers,
                DEFAULT_READINGS_TOPIC,
                DEFAULT_ALERT_STATE_TOPIC,
                DEFAULT_ALERT_EVENTS_TOPIC,
                DEFAULT_TIMEOUT,
                nodeId,
                DEFAULT_PARTITIONS,
                (short) 1,
                DEFAULT_MAX_PENDING);
    }

    public ForwardingConfig withTimeout(Duration t) {
        return new ForwardingConfig(
                mode,
                bootstrapServers,
                readingsTopic,
                alertStateTopic,
                alertEventsTopic,
                t,
                nodeId,
                partitions,
                replicationFactor,
                maxPending);
    }

    /** Reads the {@code forwarding} section; errors go to the node's shared list. */
    public static ForwardingConfig read(ConfigNode n) {
        Mode mode = n.enumValue("mode", Mode.class, Mode.MQTT);
        String servers = n.string("bootstrap-servers", null);
        if (mode == Mode.KAFKA && (servers == null || servers.isBlank())) {
            n.problem("bootstrap-servers", "is required when mode is kafka");
            servers = "unset:9092";
        }
        String nodeId = n.string("node-id", defaultNodeId());
        return new ForwardingConfig(
                mode,
                servers,
                n.string("readings-topic", DEFAULT_READINGS_TOPIC),
                n.string("alert-state-topic", DEFAULT_ALERT_STATE_TOPIC),
                n.string("alert-events-topic", DEFAULT_ALERT_EVENTS_TOPIC),
                n.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(500), Duration.ofMinutes(5)),
                nodeId == null || nodeId.isBlank() ? defaultNodeId() : nodeId,
                n.integer("partitions", DEFAULT_PARTITIONS, 1, 10_000),
                (short) n.integer("replication-factor", 1, 1, 7),
                n.integer("max-pending", DEFAULT_MAX_PENDING, 1, 1_000_000));
    }

    private static String defaultNodeId() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "calor-broker";
        }
    }
}
