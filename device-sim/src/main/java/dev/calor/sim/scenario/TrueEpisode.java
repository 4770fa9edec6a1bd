package dev.calor.sim.scenario;

import java.time.Duration;
import java.util.List;

/**
 * An episode the simulated body really has: what an alert engine should tell caregivers about, and by
 * when. Scenario files carry their truth so that benchmarks and tests score against the file, not
 * against the engine's own assumptions.
 *
 * @param family FEVER or HYPOTHERMIA
 * @param onset when core crossed the threshold (38.0 °C up, or 35.0 °C down)
 * @param end when it was back past the clear level (37.7 °C, 35.3 °C)
 * @param expectedKinds the alert kinds the episode should reach, gravest last
 * @param latestAlert the latest acceptable time for a caregiver to be told
 */
public record TrueEpisode(
        String family, Duration onset, Duration end, List<String> expectedKinds, Duration latestAlert) {

    public static final List<String> FAMILIES = List.of("FEVER", "HYPOTHERMIA");

    public TrueEpisode {
        expectedKinds = expectedKinds == null ? List.of() : List.copyOf(expectedKinds);
    }

    List<String> problems() {
        Checks c = Checks.of()
                .require(FAMILIES.contains(family), "family must be one of " + FAMILIES + ", is " + family)
                .atLeastZero("onset", onset)
                .atLeastZero("end", end)
                .atLeastZero("latestAlert", latestAlert)
                .require(!expectedKinds.isEmpty(), "expectedKinds must name at least one kind");
        if (onset != null && end != null && latestAlert != null) {
            c.require(end.compareTo(onset) >= 0, "end must not be before onset")
                    .require(latestAlert.compareTo(onset) >= 0, "latestAlert must not be before onset");
        }
        return c.list();
    }
}
