package dev.calor.edgebridge.buffer;

/** What the buffer does with a new reading when it already holds {@code max-readings} pending readings. */
public enum OverflowPolicy {
    /** Evict the oldest pending reading (of any patch) to make room; the new one is stored and acknowledged. */
    DROP_OLDEST,
    /** Drop the new reading but acknowledge it, so the patch frees it: the oldest data is kept. */
    DROP_NEWEST,
    /**
     * Refuse the new reading and do not acknowledge it: the patch keeps it in its own flash and resends it
     * later. Nothing is lost while the patch has room; back-pressure reaches the patch.
     */
    REFUSE
}
