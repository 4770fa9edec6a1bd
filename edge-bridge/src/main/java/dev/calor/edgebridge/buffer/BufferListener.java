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
}
