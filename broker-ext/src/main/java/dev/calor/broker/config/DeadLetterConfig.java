package dev.calor.broker.config;

import java.time.Duration;

/**
 * How refused reading payloads are copied to {@code calor/v1/dlq/{deviceId}}.
 *
 * @param enabled whether refused payloads are copied at all
 * @param maxPayloadBytes a longer payload is truncated in the copy (user property {@code truncated=true})
 * @param perDevicePerMinute copies per device per minute; more are counted and logged but not copied
 * @param messageExpiry how long an unread copy is kept in subscribers' queues
 */
public record DeadLetterConfig(boolean enabled, int maxPayloadBytes, int perDevicePerMinute, Duration messageExpiry) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int DEFAULT_PER_DEVICE_PER_MINUTE = 30;
    public static final Duration DEFAULT_MESSAGE_EXPIRY = Duration.ofDays(7);

    public DeadLetterConfig {
        if (maxPayloadBytes < 0 || perDevicePerMinute < 1 || messageExpiry.isNegative() || messageExpiry.isZero()) {
            throw new IllegalArgumentException("dead-letter limits must be positive");
        }
    }

    public static DeadLetterConfig defaults() {
        return new DeadLetterConfig(
                true, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_PER_DEVICE_PER_MINUTE, DEFAULT_MESSAGE_EXPIRY);
    }

    static DeadLetterConfig read(ConfigNode n) {
        return new DeadLetterConfig(
                n.bool("enabled", true),
                (int) n.integer("max-payload-bytes", DEFAULT_MAX_PAYLOAD_BYTES, 0, 16 * 1024 * 1024),
                (int) n.integer("per-device-per-minute", DEFAULT_PER_DEVICE_PER_MINUTE, 1, 100_000),
                n.duration("message-expiry", DEFAULT_MESSAGE_EXPIRY, Duration.ofSeconds(1), Duration.ofDays(365)));
    }
}
