package dev.calor.worker.config;

import dev.calor.config.ConfigNode;
import java.time.Duration;

/**
 * {@code source: kafka}: the worker reads accepted batches from Kafka as a member of a consumer group
 * instead of owning MQTT shards (see {@code dev.calor.worker.consume.kafka}).
 *
 * @param enabled whether the Kafka source is used ({@code source: kafka}); MQTT shards otherwise
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topic the readings topic the broker nodes produce to
 * @param groupId the consumer group; every worker of one deployment uses the same
 * @param sessionTimeout a worker silent this long is declared dead and its partitions move
 * @param maxInFlight records handed to the pipeline and not yet committed; above it the partitions pause
 * @param stateTopic the alerting group's changelog: each patient's alert state, compacted, keyed by patient
 *     and partitioned like the readings topic, so a partition's states move with its readings
 * @param alertEventsTopic where alerts go (every broker node publishes them on the patient's alert topic)
 * @param alertStateTopic where each patient's retained alert state goes (every broker node publishes it)
 */
public record KafkaSettings(
        boolean enabled,
        String bootstrapServers,
        String topic,
        String groupId,
        Duration sessionTimeout,
        int maxInFlight,
        String stateTopic,
        String alertEventsTopic,
        String alertStateTopic) {

    public static final String DEFAULT_TOPIC = "calor.readings";
    public static final String DEFAULT_GROUP_ID = "calor-worker";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_IN_FLIGHT = 20_000;
    public static final String DEFAULT_STATE_TOPIC = "calor.worker-alert-state";
    /** The broker nodes' relay topics (broker-ext {@code ForwardingConfig}). */
    public static final String DEFAULT_ALERT_EVENTS_TOPIC = "calor.alert-events";

    public static final String DEFAULT_ALERT_STATE_TOPIC = "calor.alert-state";

    public static KafkaSettings disabled() {
        return new KafkaSettings(
                false,
                "",
                DEFAULT_TOPIC,
                DEFAULT_GROUP_ID,
                DEFAULT_SESSION_TIMEOUT,
                DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_STATE_TOPIC,
                DEFAULT_ALERT_EVENTS_TOPIC,
                DEFAULT_ALERT_STATE_TOPIC);
    }

    static KafkaSettings read(ConfigNode top) {
        String source = top.string("source", "mqtt");
        ConfigNode k = top.section("kafka");
        boolean enabled = source.equals("kafka");
        if (!enabled && !source.equals("mqtt")) {
            top.problem("source", "must be mqtt (shards) or kafka (consumer group), was '" + source + "'");
        }
        String servers = enabled ? k.required("bootstrap-servers").orElse("") : k.string("bootstrap-servers", "");
        Duration session =
                k.duration("session-timeout", DEFAULT_SESSION_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(30));
        return new KafkaSettings(
                enabled,
                servers,
                k.string("topic", DEFAULT_TOPIC),
                k.string("group-id", DEFAULT_GROUP_ID),
                session,
                k.integer("max-in-flight", DEFAULT_MAX_IN_FLIGHT, 1, 10_000_000),
                k.string("state-topic", DEFAULT_STATE_TOPIC),
                k.string("alert-events-topic", DEFAULT_ALERT_EVENTS_TOPIC),
                k.string("alert-state-topic", DEFAULT_ALERT_STATE_TOPIC));
    }
}
