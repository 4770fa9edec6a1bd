package dev.calor.worker.sink;

/** What the writer reports for metrics. */
public interface WriteListener {

    WriteListener NONE = new WriteListener() {};

    default void written(int points, long nanos) {}

    default void retried(int status) {}

    default void split(int points) {}

    default void deadLettered(String reason) {}
}
