package dev.calor.sim.scenario;

import java.time.LocalTime;

/**
 * The room the patient is in. By day the skin feels the room; from {@code nightFrom} to {@code nightUntil}
 * (scenario local time) the room cools to {@code nightC} and, with {@code inBedAtNight}, the chest feels
 * halfway between the room and the bed's microclimate of {@code bedC}. A detached patch falls toward the
 * room.
 *
 * @param dayC room temperature by day (default 22.0)
 * @param nightC room temperature at night (default 19.0)
 * @param nightFrom start of the night (default 23:00)
 * @param nightUntil end of the night (default 07:00)
 * @param inBedAtNight whether the patient sleeps under bedding (default true)
 * @param bedC the bed's microclimate under the covers (default 30.0)
 */
public record RoomSpec(
        Double dayC, Double nightC, LocalTime nightFrom, LocalTime nightUntil, Boolean inBedAtNight, Double bedC) {

    public static final RoomSpec DEFAULT = new RoomSpec(null, null, null, null, null, null);

    public RoomSpec {
        dayC = dayC == null ? 22.0 : dayC;
        nightC = nightC == null ? 19.0 : nightC;
        nightFrom = nightFrom == null ? LocalTime.of(23, 0) : nightFrom;
        nightUntil = nightUntil == null ? LocalTime.of(7, 0) : nightUntil;
        inBedAtNight = inBedAtNight == null || inBedAtNight;
        bedC = bedC == null ? 30.0 : bedC;
    }

    /** Whether a local time of day falls in the night (the span may cross midnight). */
    public boolean isNight(LocalTime t) {
        return nightFrom.isBefore(nightUntil)
                ? !t.isBefore(nightFrom) && t.isBefore(nightUntil)
                : !t.isBefore(nightFrom) || t.isBefore(nightUntil);
    }

    java.util.List<String> problems() {
        return Checks.of()
                .range("dayC", dayC, -20.0, 45.0)
                .range("nightC", nightC, -20.0, 45.0)
                .range("bedC", bedC, 15.0, 40.0)
                .require(!nightFrom.equals(nightUntil), "nightFrom and nightUntil must differ")
                .list();
    }
}
