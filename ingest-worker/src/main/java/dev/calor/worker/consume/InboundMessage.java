package dev.calor.worker.consume;

/**
 * A reading-batch message as it came from the broker, with the way to acknowledge it (only after
 * InfluxDB accepted every point of it).
 */
public record InboundMessage(int shard, String topic, byte[] payload, Runnable ack) {}
