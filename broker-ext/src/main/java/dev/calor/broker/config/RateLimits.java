package dev.calor.broker.config;

import dev.calor.config.ConfigNode;

/**
 * Per-device token buckets for reading publishes, and CONNECT buckets: one per source address (checked
 * first, before any authentication work, so one flooding host cannot starve the others) and one for the
 * whole broker.
 *
 * @param messagesPerSecond sustained publishes per device per second
 * @param messageBurst bucket size for publishes per device
 * @param bytesPerSecond sustained payload bytes per device per second
 * @param byteBurst bucket size for payload bytes per device
 * @param connectsPerSecond sustained CONNECT attempts per second, whole broker
 * @param connectBurst bucket size for CONNECT attempts, whole broker
 * @param connectsPerSecondPerAddress sustained CONNECT attempts per second from one source address
 * @param connectBurstPerAddress bucket size for CONNECT attempts from one source address
 */
public record RateLimits(
        double messagesPerSecond,
        long messageBurst,
        double bytesPerSecond,
        long byteBurst,
        double connectsPerSecond,
        long connectBurst,
        double connectsPerSecondPerAddress,
        long connectBurstPerAddress) {

    public static final double DEFAULT_MESSAGES_PER_SECOND = 5;
    public static final long DEFAULT_MESSAGE_BURST = 100;
    public static final double DEFAULT_BYTES_PER_SECOND = 256 * 1024;
    public static final long DEFAULT_BYTE_BURST = 4 * 1024 * 1024;
    /** 20 000 devices reconnecting at once are all admitted within ≈8 s. */
    public static final double DEFAULT_CONNECTS_PER_SECOND = 2000;

    public static final long DEFAULT_CONNECT_BURST = 5000;
    public static final double DEFAULT_CONNECTS_PER_SECOND_PER_ADDRESS = 100;
    public static final long DEFAULT_CONNECT_BURST_PER_ADDRESS = 1000;

    public RateLimits {
        if (!(messagesPerSecond > 0
                && bytesPerSecond > 0
                && connectsPerSecond > 0
                && connectsPerSecondPerAddress > 0)) {
            throw new IllegalArgumentException("rates must be positive");
        }
        if (messageBurst < 1 || byteBurst < 1 || connectBurst < 1 || connectBurstPerAddress < 1) {
            throw new IllegalArgumentException("bursts must be positive");
        }
    }

    /** Limits whose per-address CONNECT bucket equals the broker-wide one. */
    public RateLimits(
            double messagesPerSecond,
            long messageBurst,
            double bytesPerSecond,
            long byteBurst,
            double connectsPerSecond,
            long connectBurst) {
        this(
                messagesPerSecond,
                messageBurst,
                bytesPerSecond,
                byteBurst,
                connectsPerSecond,
                connectBurst,
                connectsPerSecond,
                connectBurst);
    }

    public static RateLimits defaults() {
        return new RateLimits(
                DEFAULT_MESSAGES_PER_SECOND,
                DEFAULT_MESSAGE_BURST,
                DEFAULT_BYTES_PER_SECOND,
                DEFAULT_BYTE_BURST,
                DEFAULT_CONNECTS_PER_SECOND,
                DEFAULT_CONNECT_BURST,
                DEFAULT_CONNECTS_PER_SECOND_PER_ADDRESS,
                DEFAULT_CONNECT_BURST_PER_ADDRESS);
    }

    public RateLimits withPerAddress(double perSecond, long burst) {
        return new RateLimits(
                messagesPerSecond,
                messageBurst,
                bytesPerSecond,
                byteBurst,
                connectsPerSecond,
                connectBurst,
                perSecond,
                burst);
    }

    static RateLimits read(ConfigNode n) {
        return new RateLimits(
                n.decimal("device-messages-per-second", DEFAULT_MESSAGES_PER_SECOND, 0.001, 1e6),
                n.longInteger("device-message-burst", DEFAULT_MESSAGE_BURST, 1, 1_000_000),
                n.decimal("device-bytes-per-second", DEFAULT_BYTES_PER_SECOND, 1, 1e10),
                n.longInteger("device-byte-burst", DEFAULT_BYTE_BURST, 1, 1L << 34),
                n.decimal("connects-per-second", DEFAULT_CONNECTS_PER_SECOND, 0.001, 1e6),
                n.longInteger("connect-burst", DEFAULT_CONNECT_BURST, 1, 10_000_000),
                n.decimal("connects-per-second-per-address", DEFAULT_CONNECTS_PER_SECOND_PER_ADDRESS, 0.001, 1e6),
                n.longInteger("connect-burst-per-address", DEFAULT_CONNECT_BURST_PER_ADDRESS, 1, 10_000_000));
    }
}
