package dev.calor.edgebridge.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The one place instants become protobuf/SQLite nanoseconds and device date-times become instants. */
public final class TimeConversions {

    private TimeConversions() {}

    /** Nanoseconds since the Unix epoch. */
    public static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    public static Instant ofNanos(long unixNanos) {
        return Instant.ofEpochSecond(0, unixNanos);
    }

    /**
     * A patch's date-time (serial MEASUREMENT time stamp, HTS Date Time) as an instant: the contract says
     * patches keep UTC (CONTRACT.md, TIME_SET), so no zone is applied.
     */
    public static Instant deviceTime(LocalDateTime patchTime) {
        return patchTime.toInstant(ZoneOffset.UTC);
    }
}
