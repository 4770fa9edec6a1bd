package dev.calor.broker.config;

/**
 * Per-client limits the extension sets at CONNECT, by role.
 *
 * @param workerQueueSize messages queued for a WORKER's persistent session (must ride out a worker restart)
 * @param defaultQueueSize messages queued for any other client
 * @param deviceReceiveMaximum QoS 1/2 publishes a device may have in flight towards the broker
 */
public record ClientLimits(long workerQueueSize, long defaultQueueSize, int deviceReceiveMaximum) {

    public static final long DEFAULT_WORKER_QUEUE_SIZE = 1_000_000;
    public static final long DEFAULT_QUEUE_SIZE = 1000;
    public static final int DEFAULT_DEVICE_RECEIVE_MAXIMUM = 10;

    public ClientLimits {
        if (workerQueueSize < 1 || defaultQueueSize < 1 || deviceReceiveMaximum < 1 || deviceReceiveMaximum > 65535) {
            throw new IllegalArgumentException("client limits must be positive");
        }
    }

    public static ClientLimits defaults() {
        return new ClientLimits(DEFAULT_WORKER_QUEUE_SIZE, DEFAULT_QUEUE_SIZE, DEFAULT_DEVICE_RECEIVE_MAXIMUM);
    }

    static ClientLimits read(ConfigNode n) {
        return new ClientLimits(
                n.integer("worker-queue-size", DEFAULT_WORKER_QUEUE_SIZE, 1, 100_000_000),
                n.integer("default-queue-size", DEFAULT_QUEUE_SIZE, 1, 100_000_000),
                (int) n.integer("device-receive-maximum", DEFAULT_DEVICE_RECEIVE_MAXIMUM, 1, 65535));
    }
}
