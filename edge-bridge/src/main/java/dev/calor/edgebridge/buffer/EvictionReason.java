package dev.calor.edgebridge.buffer;

import java.util.Locale;

/** Why readings left the buffer without being forwarded. Used as a metrics label. */
public enum EvictionReason {
    /** The buffer was full; the oldest pending reading made room (drop-oldest). */
    OVERFLOW_OLDEST,
    /** The buffer was full; the new reading was dropped (drop-newest). */
    OVERFLOW_NEWEST,
    /** The buffer was full; the new reading was refused and left with the patch (refuse). Not a loss yet. */
    OVERFLOW_REFUSED,
    /** The reading waited longer than {@code max-age}. */
    EXPIRED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
