package dev.calor.e2e.clinical;

import dev.calor.e2e.clinical.ClinicalScenario.TrueEpisode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The true episodes of a scenario, from its noise-free core temperature at one-minute resolution: a fever
 * from the first minute at or above 38.0 °C until core is back under 37.7 °C, if it lasts at least 20
 * minutes; a hypothermia from at or below 35.0 °C until back above 35.3 °C. The latest acceptable alert
 * time is the onset plus twice the default sustain window (20 min). Used when the library is written, so
 * every file carries its truth.
 */
public final class ClinicalTruth {

    static final Duration LATEST_AFTER_ONSET = Duration.ofMinutes(20);
    private static final Duration MIN_LENGTH = Duration.ofMinutes(20);

    private ClinicalTruth() {}

    public static List<TrueEpisode> of(ClinicalScenario s) {
        ClinicalBody body = new ClinicalBody(s);
        List<TrueEpisode> out = new ArrayList<>();
        Duration feverFrom = null;
        double feverMax = 0;
        Duration hypoFrom = null;
        for (Duration t = Duration.ZERO; t.compareTo(s.length()) <= 0; t = t.plusMinutes(1)) {
            double core = body.coreC(t);
            boolean last = t.compareTo(s.length()) >= 0;
            if (feverFrom == null && core >= 38.0) {
                feverFrom = t;
                feverMax = core;
            } else if (feverFrom != null) {
                feverMax = Math.max(feverMax, core);
                if (core < 37.7 || last) {
                    if (t.minus(feverFrom).compareTo(MIN_LENGTH) >= 0) {
                        List<String> kinds = new ArrayList<>(List.of("FEVER"));
                        if (feverMax >= 39.05) {
                            kinds.add("HIGH_FEVER");
                        }
                        if (feverMax >= 41.05) {
                            kinds.add("HYPERPYREXIA");
                        }
                        out.add(new TrueEpisode("FEVER", feverFrom, t, kinds, feverFrom.plus(LATEST_AFTER_ONSET)));
                    }
                    feverFrom = null;
                }
            }
            if (hypoFrom == null && core <= 35.0) {
                hypoFrom = t;
            } else if (hypoFrom != null && (core > 35.3 || last)) {
                if (t.minus(hypoFrom).compareTo(MIN_LENGTH) >= 0) {
                    String kind = s.site().equals("SKIN") ? "LOW_SKIN_TEMPERATURE" : "HYPOTHERMIA";
                    out.add(new TrueEpisode(
                            "HYPOTHERMIA", hypoFrom, t, List.of(kind), hypoFrom.plus(LATEST_AFTER_ONSET)));
                }
                hypoFrom = null;
            }
        }
        return out;
    }
}
