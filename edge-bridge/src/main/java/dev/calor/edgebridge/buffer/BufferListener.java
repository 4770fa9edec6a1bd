package dev.calor.edgebridge.buffer;

/** Told about every reading that leaves the buffer other than by being forwarded. Implemented by metrics. */
public interface BufferListener {

    BufferListener NONE = new BufferListener() {
        @Override
        public void onEvicted(String deviceId, EvictionReason reason, long count) {}

        @Override
        public void onQuarantinePurged(long batches) {}
    };

    void onEvicted(String deviceId, EvictionReason reason, long count);

    /** Quarantined batches beyond {@code max-quarantined-batches} were deleted. */
    void onQuarantinePurged(long batches);

    /** A write transaction failed (disk full, I/O error); nothing of it was stored or acknowledged. */
    default void onWriteFailed(String why) {}

    /** The buffer file failed its integrity check at start and was moved aside; a fresh one is used. */
    default void onCorruptFileMovedAside(java.nio.file.Path movedTo, String why) {}
}
