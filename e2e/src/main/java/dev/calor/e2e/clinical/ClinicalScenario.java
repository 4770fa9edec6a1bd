package dev.calor.e2e.clinical;

import java.time.Duration;
import java.util.List;

/**
 * One patient-course of the clinical benchmark, with its truth. Times are offsets from the scenario's
 * midnight start; the file form is YAML (see {@link ClinicalScenarios}).
 *
 * @param site where the patch sits: SKIN (chest patch), AXILLA or CORE
 * @param ambientDayC room temperature by day; {@code ambientNightC} from 23:00 to 07:00 (night cooling)
 * @param glitches sensor errors: single readings off by a few degrees, at these times
 * @param outages spans whose readings the bridge holds and delivers at the end (a backlog)
 * @param truth the episodes the body really had, and when a caregiver must have been told at the latest
 */
public record ClinicalScenario(
        String name,
        long seed,
        Duration length,
        Duration sampleInterval,
        String site,
        double baselineCoreC,
        double circadianAmplitudeC,
        double ambientDayC,
        double ambientNightC,
        double noiseC,
        List<Fever> fevers,
        List<Hypothermia> hypothermias,
        List<Span> activity,
        List<Span> detachments,
        List<Duration> glitches,
        List<Span> outages,
        List<TrueEpisode> truth) {

    public ClinicalScenario {
        fevers = fevers == null ? List.of() : List.copyOf(fevers);
        hypothermias = hypothermias == null ? List.of() : List.copyOf(hypothermias);
        activity = activity == null ? List.of() : List.copyOf(activity);
        detachments = detachments == null ? List.of() : List.copyOf(detachments);
        glitches = glitches == null ? List.of() : List.copyOf(glitches);
        outages = outages == null ? List.of() : List.copyOf(outages);
        truth = truth == null ? List.of() : List.copyOf(truth);
    }

    /**
     * A fever: core rises at {@code riseCPerHour} to {@code peakCoreC}, holds {@code plateau}, falls at
     * {@code fallCPerHour}. With {@code chills}, the first half hour of the rise is shivering with cold,
     * vasoconstricted skin (the skin gradient widens by 0.8 °C). Each antipyretic lowers core by up to its
     * drop, acting over about 30 min and wearing off over about 4 h.
     */
    public record Fever(
            Duration at,
            double peakCoreC,
            double riseCPerHour,
            Duration plateau,
            double fallCPerHour,
            boolean chills,
            List<Antipyretic> antipyretics) {
        public Fever {
            antipyretics = antipyretics == null ? List.of() : List.copyOf(antipyretics);
        }
    }

    public record Antipyretic(Duration at, double dropC) {}

    /** True hypothermia: core falls at {@code rateCPerHour} to {@code lowestCoreC}, holds, recovers. */
    public record Hypothermia(Duration at, double lowestCoreC, double rateCPerHour, Duration duration) {}

    /** A span of time (activity warms the skin: the gradient narrows by 0.4 °C). */
    public record Span(Duration at, Duration duration) {
        boolean covers(Duration t) {
            return t.compareTo(at) >= 0 && t.compareTo(at.plus(duration)) < 0;
        }

        Duration end() {
            return at.plus(duration);
        }
    }

    /**
     * @param family FEVER or HYPOTHERMIA
     * @param onset when core crossed the threshold (38.0 °C, or 35.0 °C downwards)
     * @param end when it was back past the clear level
     * @param expectedKinds the kinds the episode should reach, gravest last
     * @param latestAlert the latest acceptable time for the caregiver to be told
     */
    public record TrueEpisode(
            String family, Duration onset, Duration end, List<String> expectedKinds, Duration latestAlert) {}
}
