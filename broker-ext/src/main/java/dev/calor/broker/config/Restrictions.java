package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.time.Duration;

/**
 * HiveMQ's own limits, set in its {@code config.xml} (HiveMQ's defaults would be 256 MB packets,
 * 65 535-character client ids and topics, sessions that never expire, unlimited connections).
 *
 * @param maxPacketSize largest MQTT packet accepted, bytes (a reading batch is ≤ 256 KiB)
 * @param maxClientIdLength longest client id
 * @param maxTopicLength longest topic name
 * @param maxSessionExpiry longest session expiry a client may ask for (a worker's queue must survive its
 *     restart, so days, not forever)
 * @param maxConnections concurrent connections (-1: unlimited)
 * @param noConnectIdleTimeout how long an open socket may wait before sending CONNECT
 * @param maxKeepAlive longest keep-alive a client may ask for, seconds
 */
public record Restrictions(
        long maxPacketSize,
        int maxClientIdLength,
        int maxTopicLength,
        Duration maxSessionExpiry,
        long maxConnections,
        Duration noConnectIdleTimeout,
        int maxKeepAlive) {

    public static final long DEFAULT_MAX_PACKET_SIZE = 512 * 1024;
    public static final int DEFAULT_MAX_CLIENT_ID_LENGTH = 128;
    public static final int DEFAULT_MAX_TOPIC_LENGTH = 256;
    public static final Duration DEFAULT_MAX_SESSION_EXPIRY = Duration.ofDays(7);
    public static final long DEFAULT_MAX_CONNECTIONS = 100_000;
    public static final Duration DEFAULT_NO_CONNECT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_KEEP_ALIVE = 3600;

    public Restrictions {
        if (maxPacketSize < 1024 || maxPacketSize > 268_435_460) {
            throw new IllegalArgumentException("max packet size must be in [1024, 268435460]");
        }
        if (maxClientIdLength < 1 || maxClientIdLength > 65535 || maxTopicLength < 1 || maxTopicLength > 65535) {
            throw new IllegalArgumentException("client id and topic lengths must be in [1, 65535]");
        }
        if (maxConnections < -1 || maxConnections == 0 || maxKeepAlive < 1 || maxKeepAlive > 65535) {
            throw new IllegalArgumentException("max connections (-1 or positive) or keep-alive out of range");
        }
    }

    public static Restrictions defaults() {
        return new Restrictions(
                DEFAULT_MAX_PACKET_SIZE,
                DEFAULT_MAX_CLIENT_ID_LENGTH,
                DEFAULT_MAX_TOPIC_LENGTH,
                DEFAULT_MAX_SESSION_EXPIRY,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_NO_CONNECT_IDLE_TIMEOUT,
                DEFAULT_MAX_KEEP_ALIVE);
    }

    static Restrictions read(ConfigNode n) {
        return new Restrictions(
                n.longInteger("max-packet-size", DEFAULT_MAX_PACKET_SIZE, 1024, 268_435_460),
                n.integer("max-client-id-length", DEFAULT_MAX_CLIENT_ID_LENGTH, 1, 65535),
                n.integer("max-topic-length", DEFAULT_MAX_TOPIC_LENGTH, 1, 65535),
                n.duration(
                        "max-session-expiry",
                        DEFAULT_MAX_SESSION_EXPIRY,
                        Duration.ofSeconds(1),
                        Duration.ofDays(136 * 365)),
                n.longInteger("max-connections", DEFAULT_MAX_CONNECTIONS, -1, 100_000_000),
                n.duration(
                        "no-connect-idle-timeout",
                        DEFAULT_NO_CONNECT_IDLE_TIMEOUT,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(10)),
                n.integer("max-keep-alive", DEFAULT_MAX_KEEP_ALIVE, 1, 65535));
    }
}
