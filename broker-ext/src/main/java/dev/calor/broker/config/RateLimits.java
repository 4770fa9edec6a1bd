package dev.calor.broker.config;

/**
 * Per-device token buckets for reading publishes and a broker-wide bucket for CONNECTs.
 *
 * @param messagesPerSecond sustained publishes per device per second
 * @param messageBurst bucket size for publishes per device
 * @param bytesPerSecond sustained payload bytes per device per second
 * @param byteBurst bucket size for payload bytes per device
 * @param connectsPerSecond sustained CONNECT attempts per second, whole broker
 * @param connectBurst bucket size for CONNECT attempts
 */
public record RateLimits(
        double messagesPerSecond,
        long messageBurst,
        double bytesPerSecond,
        long byteBurst,
        double connectsPerSecond,
        long connectBurst) {

    public static final double DEFAULT_MESSAGES_PER_SECOND = 5;
    public static final long DEFAULT_MESSAGE_BURST = 100;
    public static final double DEFAULT_BYTES_PER_SECOND = 256 * 1024;
    public static final long DEFAULT_BYTE_BURST = 4 * 1024 * 1024;
    public static final double DEFAULT_CONNECTS_PER_SECOND = 500;
    public static final long DEFAULT_CONNECT_BURST = 2000;

    public RateLimits {
        if (!(messagesPerSecond > 0 && bytesPerSecond > 0 && connectsPerSecond > 0)) {
            throw new IllegalArgumentException("rates must be positive");
        }
        if (messageBurst < 1 || byteBurst < 1 || connectBurst < 1) {
            throw new IllegalArgumentException("bursts must be positive");
        }
    }

    public static RateLimits defaults() {
        return new RateLimits(
                DEFAULT_MESSAGES_PER_SECOND,
                DEFAULT_MESSAGE_BURST,
                DEFAULT_BYTES_PER_SECOND,
                DEFAULT_BYTE_BURST,
                DEFAULT_CONNECTS_PER_SECOND,
                DEFAULT_CONNECT_BURST);
    }

    static RateLimits read(ConfigNode n) {
        return new RateLimits(
                n.decimal("device-messages-per-second", DEFAULT_MESSAGES_PER_SECOND, 0.001, 1e6),
                n.integer("device-message-burst", DEFAULT_MESSAGE_BURST, 1, 1_000_000),
                n.decimal("device-bytes-per-second", DEFAULT_BYTES_PER_SECOND, 1, 1e10),
                n.integer("device-byte-burst", DEFAULT_BYTE_BURST, 1, 1L << 34),
                n.decimal("connects-per-second", DEFAULT_CONNECTS_PER_SECOND, 0.001, 1e6),
                n.integer("connect-burst", DEFAULT_CONNECT_BURST, 1, 10_000_000));
    }
}
