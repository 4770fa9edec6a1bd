package dev.calor.broker.config;

import dev.calor.config.ConfigNode;

/**
 * Per-client queue limits the extension sets at CONNECT, by role. (The in-flight window of a client's
 * own QoS 1 publishes is HiveMQ's {@code server-receive-maximum}, see {@link BrokerConfig}.)
 *
 * @param workerQueueSize messages queued for a WORKER's persistent session (must ride out a worker restart)
 * @param defaultQueueSize messages queued for any other client
 */
public record ClientLimits(long workerQueueSize, long defaultQueueSize) {

    public static final long DEFAULT_WORKER_QUEUE_SIZE = 1_000_000;
    public static final long DEFAULT_QUEUE_SIZE = 1000;

    public ClientLimits {
        if (workerQueueSize < 1 || defaultQueueSize < 1) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
    }

    public static ClientLimits defaults() {
        return new ClientLimits(DEFAULT_WORKER_QUEUE_SIZE, DEFAULT_QUEUE_SIZE);
    }

    static ClientLimits read(ConfigNode n) {
        return new ClientLimits(
                n.longInteger("worker-queue-size", DEFAULT_WORKER_QUEUE_SIZE, 1, 100_000_000),
                n.longInteger("default-queue-size", DEFAULT_QUEUE_SIZE, 1, 100_000_000));
    }
}
