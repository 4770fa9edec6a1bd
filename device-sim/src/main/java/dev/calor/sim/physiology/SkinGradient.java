package dev.calor.sim.physiology;

import dev.calor.contract.serial.BodySite;
import dev.calor.sim.scenario.RoomSpec;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import java.time.Duration;
import java.time.LocalTime;

/**
 * How much colder than core the patch's site is, as a pure function of scenario time. Skin follows the
 * environment far more than core does (Taylor et al., J Therm Biol 2014;46:72): the gradient is the
 * site's nominal offset at a 22 °C room, widened by {@link #AMBIENT_SLOPE} per degree the site feels
 * colder (a cool room, the night; bedding warms the chest), by chills at the start of a fever
 * (vasoconstriction), and narrowed by activity. The axilla and the mouth are sheltered: they feel a
 * fraction of it ({@link #exposure}); core, rectal and tympanic sites none.
 */
public final class SkinGradient {

    static final double REFERENCE_ROOM_C = 22.0;
    /** Chest skin gradient widening per °C of colder surroundings. */
    static final double AMBIENT_SLOPE = 0.12;
    /** Extra gradient while shivering in the first half hour of a fever with chills. */
    static final double CHILLS_C = 0.8;

    static final Duration CHILLS_SPAN = Duration.ofMinutes(30);
    /** Gradient change while active (warm, perfused skin). */
    static final double ACTIVITY_C = -0.4;

    private final Scenario scenario;

    public SkinGradient(Scenario scenario) {
        this.scenario = scenario;
    }

    /** Core minus the site's temperature at {@code t} (never negative). */
    public double at(Duration t) {
        double w = exposure(scenario.sensor().site());
        double g = -scenario.sensor().siteOffsetC() + w * AMBIENT_SLOPE * (REFERENCE_ROOM_C - feltC(t));
        for (ScenarioEvent e : scenario.events()) {
            if (e instanceof ScenarioEvent.Fever f && f.chills() && covers(f.at(), CHILLS_SPAN, t)) {
                g += w * CHILLS_C;
            } else if (e instanceof ScenarioEvent.Activity a && covers(a.at(), a.duration(), t)) {
                g += w * ACTIVITY_C;
            }
        }
        return Math.max(0, g);
    }

    /** The room's temperature at {@code t}: what a detached patch cools toward. */
    public double roomC(Duration t) {
        RoomSpec room = scenario.room();
        return room.isNight(localTime(t)) ? room.nightC() : room.dayC();
    }

    /** What the skin around the patch feels: the room, or at night in bed halfway to the bed's warmth. */
    double feltC(Duration t) {
        RoomSpec room = scenario.room();
        boolean night = room.isNight(localTime(t));
        return night && room.inBedAtNight() ? room.nightC() + 0.5 * (room.bedC() - room.nightC()) : roomC(t);
    }

    /** How much of the surroundings a site feels: chest skin all, the axilla a third, the mouth a sixth. */
    static double exposure(BodySite site) {
        return switch (site) {
            case SKIN, UNSPECIFIED -> 1.0;
            case AXILLA -> 1.0 / 3;
            case ORAL -> 1.0 / 6;
            default -> 0.0;
        };
    }

    private LocalTime localTime(Duration t) {
        return scenario.startTime().plusSeconds(t.toSeconds() % 86_400);
    }

    private static boolean covers(Duration from, Duration span, Duration t) {
        return t.compareTo(from) >= 0 && t.compareTo(from.plus(span)) < 0;
    }
}
