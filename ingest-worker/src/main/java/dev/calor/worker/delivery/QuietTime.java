package dev.calor.worker.delivery;

import dev.calor.proto.v1.QuietHours;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/** Whether an instant falls in a caregiver's quiet hours ("22:00" to "07:00" may span midnight). */
public final class QuietTime {

    private QuietTime() {}

    /** @param fallback the zone when the quiet hours name none (the patient's) */
    public static boolean isQuiet(QuietHours q, ZoneId fallback, Instant at) {
        if (q.getStart().isEmpty() || q.getEnd().isEmpty()) {
            return false;
        }
        ZoneId zone = q.getTimeZone().isEmpty() ? fallback : ZoneId.of(q.getTimeZone());
        LocalTime start = LocalTime.parse(q.getStart());
        LocalTime end = LocalTime.parse(q.getEnd());
        LocalTime t = at.atZone(zone).toLocalTime();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }
}
