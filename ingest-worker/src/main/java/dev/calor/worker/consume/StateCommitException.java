package dev.calor.worker.consume;

/** A group commit was not made durable (Kafka unreachable, or this worker lost the partitions). */
public final class StateCommitException extends RuntimeException {

    private final boolean fenced;

    public StateCommitException(String message, boolean fenced, Throwable cause) {
        super(message, cause);
        this.fenced = fenced;
    }

    /** Whether the group had given the partitions to another worker (this one's commit was refused). */
    public boolean fenced() {
        return fenced;
    }
}
