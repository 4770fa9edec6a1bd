package dev.calor.sim.physiology;

import dev.calor.contract.serial.BodySite;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.TrueEpisode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The true episodes of a scenario, from its noise-free core temperature at one-minute resolution: a fever
 * from the first minute at or above 38.0 °C until core is back under 37.7 °C, if it lasts at least 20
 * minutes (reaching HIGH_FEVER above 39.05 °C and HYPERPYREXIA above 41.05 °C, a margin over the
 * thresholds so that a plateau exactly at one is not expected to cross it); a hypothermia from at or
 * below 35.0 °C until back above 35.3 °C (LOW_SKIN_TEMPERATURE for a skin patch, which alone cannot
 * corroborate a critical hypothermia). The latest acceptable alert time is the onset plus twice the
 * default sustain window (20 min). Written into each scenario file as its {@code truth}.
 */
public final class ScenarioTruth {

    public static final Duration LATEST_AFTER_ONSET = Duration.ofMinutes(20);
    private static final Duration MIN_LENGTH = Duration.ofMinutes(20);

    private ScenarioTruth() {}

    public static List<TrueEpisode> of(Scenario s) {
        CoreTemperature body = new CoreTemperature(s);
        List<TrueEpisode> out = new ArrayList<>();
        Duration feverFrom = null;
        double feverMax = 0;
        Duration hypoFrom = null;
        for (Duration t = Duration.ZERO; t.compareTo(s.duration()) <= 0; t = t.plusMinutes(1)) {
            double core = body.at(t);
            boolean last = t.plusMinutes(1).compareTo(s.duration()) > 0;
            if (feverFrom == null && core >= 38.0) {
                feverFrom = t;
                feverMax = core;
            } else if (feverFrom != null) {
                feverMax = Math.max(feverMax, core);
                if (core < 37.7 || last) {
                    if (t.minus(feverFrom).compareTo(MIN_LENGTH) >= 0) {
                        out.add(new TrueEpisode(
                                "FEVER", feverFrom, t, feverKinds(feverMax), feverFrom.plus(LATEST_AFTER_ONSET)));
                    }
                    feverFrom = null;
                }
            }
            if (hypoFrom == null && core <= 35.0) {
                hypoFrom = t;
            } else if (hypoFrom != null && (core > 35.3 || last)) {
                if (t.minus(hypoFrom).compareTo(MIN_LENGTH) >= 0) {
                    BodySite site = s.sensor().site();
                    String kind = site == BodySite.SKIN || site == BodySite.UNSPECIFIED
                            ? "LOW_SKIN_TEMPERATURE"
                            : "HYPOTHERMIA";
                    out.add(new TrueEpisode(
                            "HYPOTHERMIA", hypoFrom, t, List.of(kind), hypoFrom.plus(LATEST_AFTER_ONSET)));
                }
                hypoFrom = null;
            }
        }
        return out;
    }

    private static List<String> feverKinds(double max) {
        List<String> kinds = new ArrayList<>(List.of("FEVER"));
        if (max >= 39.05) {
            kinds.add("HIGH_FEVER");
        }
        if (max >= 41.05) {
            kinds.add("HYPERPYREXIA");
        }
        return kinds;
    }
}
