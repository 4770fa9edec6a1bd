package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How refused reading payloads are kept: published to {@code calor/v1/dlq/{deviceId}} for operators that
 * listen, and written to a bounded durable store for those that do not.
 *
 * @param enabled whether refused payloads are copied at all
 * @param maxPayloadBytes a longer payload is truncated in the copy (user property {@code truncated=true})
 * @param perDevicePerMinute copies per device per minute; more are counted and logged but not copied
 * @param messageExpiry how long an unread copy is kept in subscribers' queues
 * @param storeDir the durable store's folder (none: no store)
 * @param storeMaxBytes the store's size bound; the oldest letters go first
 * @param storeMaxAge letters older than this are removed
 */
public record DeadLetterConfig(
        boolean enabled,
        int maxPayloadBytes,
        int perDevicePerMinute,
        Duration messageExpiry,
        Optional<Path> storeDir,
        long storeMaxBytes,
        Duration storeMaxAge) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int DEFAULT_PER_DEVICE_PER_MINUTE = 30;
    public static final Duration DEFAULT_MESSAGE_EXPIRY = Duration.ofDays(7);
    public static final long DEFAULT_STORE_MAX_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_STORE_MAX_AGE = Duration.ofDays(30);

    public DeadLetterConfig {
        Objects.requireNonNull(storeDir, "storeDir");
        if (maxPayloadBytes < 0 || perDevicePerMinute < 1 || messageExpiry.isNegative() || messageExpiry.isZero()) {
            throw new IllegalArgumentException("dead-letter limits must be positive");
        }
        if (storeMaxBytes < 1024 || storeMaxAge.isNegative() || storeMaxAge.isZero()) {
            throw new IllegalArgumentException("dead-letter store limits must be positive");
        }
    }

    /** Without a durable store. */
    public DeadLetterConfig(boolean enabled, int maxPayloadBytes, int perDevicePerMinute, Duration messageExpiry) {
        this(
                enabled,
                maxPayloadBytes,
                perDevicePerMinute,
                messageExpiry,
                Optional.empty(),
                DEFAULT_STORE_MAX_BYTES,
                DEFAULT_STORE_MAX_AGE);
    }

    public static DeadLetterConfig defaults() {
        return new DeadLetterConfig(
                true, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_PER_DEVICE_PER_MINUTE, DEFAULT_MESSAGE_EXPIRY);
    }

    public DeadLetterConfig withStore(Path dir, long maxBytes, Duration maxAge) {
        return new DeadLetterConfig(
                enabled, maxPayloadBytes, perDevicePerMinute, messageExpiry, Optional.of(dir), maxBytes, maxAge);
    }

    static DeadLetterConfig read(ConfigNode n) {
        return new DeadLetterConfig(
                n.bool("enabled", true),
                n.integer("max-payload-bytes", DEFAULT_MAX_PAYLOAD_BYTES, 0, 16 * 1024 * 1024),
                n.integer("per-device-per-minute", DEFAULT_PER_DEVICE_PER_MINUTE, 1, 100_000),
                n.duration("message-expiry", DEFAULT_MESSAGE_EXPIRY, Duration.ofSeconds(1), Duration.ofDays(365)),
                n.optPath("store-dir"),
                n.longInteger("store-max-bytes", DEFAULT_STORE_MAX_BYTES, 1024, 1L << 40),
                n.duration("store-max-age", DEFAULT_STORE_MAX_AGE, Duration.ofMinutes(1), Duration.ofDays(3650)));
    }
}
