package dev.calor.worker.consume;

/** Another worker already owns a shard this worker was configured to own. */
public final class ShardTakenException extends RuntimeException {

    public ShardTakenException(String message) {
        super(message);
    }
}
