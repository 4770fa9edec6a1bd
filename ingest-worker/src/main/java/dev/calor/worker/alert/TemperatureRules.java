package dev.calor.worker.alert;

import static dev.calor.proto.v1.AlertKind.ALERT_KIND_FEVER;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HIGH_FEVER;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPERPYREXIA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPOTHERMIA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_LOW_SKIN_TEMPERATURE;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_RAPID_RISE;
import static dev.calor.worker.alert.RuleState.NONE;

import dev.calor.proto.v1.AlertKind;

/**
 * The temperature levels of the fever and hypothermia families, on the {@link Window} median of the
 * usable core-equivalent readings. A level is raised when the median of its raise window is at or past
 * its threshold and the current run of readings covers that window; it is cleared when the median of
 * its clear window is past its clear level (hysteresis).
 */
final class TemperatureRules {

    private TemperatureRules() {}

    static void apply(EpisodeStep s, ReadingInput r, long t) {
        AlertRules rules = s.profile.rules();
        long feverSustain = rules.feverSustain().toNanos();
        long clearSustain = rules.feverClearSustain().toNanos();
        Window.Means means = new Window.Means(s.d.recent, rules.bucketNs());
        double raiseMedian = covered(s, t, feverSustain) ? means.robustMean(t - feverSustain) : Double.NaN;
        double clearMedian = means.robustMean(t - clearSustain);
        level(
                s,
                ALERT_KIND_FEVER,
                raiseMedian >= rules.feverCelsius(),
                clearMedian < rules.feverClearCelsius(),
                t,
                clearSustain);
        level(
                s,
                ALERT_KIND_HIGH_FEVER,
                raiseMedian >= rules.highFeverCelsius(),
                clearMedian < rules.clearBelow(rules.highFeverCelsius()),
                t,
                clearSustain);
        long hyperSustain = rules.hyperpyrexiaSustain().toNanos();
        double hyperMedian = covered(s, t, hyperSustain) ? means.robustMean(t - hyperSustain) : Double.NaN;
        level(
                s,
                ALERT_KIND_HYPERPYREXIA,
                hyperMedian >= rules.hyperpyrexiaCelsius(),
                clearMedian < rules.clearBelow(rules.hyperpyrexiaCelsius()),
                t,
                clearSustain);
        if (s.d.active(ALERT_KIND_FEVER) || s.d.active(ALERT_KIND_HIGH_FEVER) || s.d.active(ALERT_KIND_HYPERPYREXIA)) {
            // the early warning has done its job once the fever is there; it must not lead the episode down
            s.clear(ALERT_KIND_RAPID_RISE);
        } else {
            rapidRise(s, t, rules, clearSustain, means);
        }

        long hypoSustain = rules.hypothermiaSustain().toNanos();
        double hypoMedian = covered(s, t, hypoSustain) ? means.robustMean(t - hypoSustain) : Double.NaN;
        double hypoClear = means.robustMean(t - hypoSustain);
        if (r.fromPeripheralSite()) {
            // a skin patch alone is poor contact or a cold room: a warning, with a margin, since the cold-skin
            // gradient widening makes its estimate run warm exactly when the skin is cold
            double margin = AlertRules.LOW_SKIN_MARGIN_CELSIUS;
            level(
                    s,
                    ALERT_KIND_LOW_SKIN_TEMPERATURE,
                    hypoMedian <= rules.hypothermiaCelsius() + margin,
                    false,
                    t,
                    hypoSustain);
            level(
                    s,
                    ALERT_KIND_LOW_SKIN_TEMPERATURE,
                    false,
                    hypoClear > rules.hypothermiaClearCelsius() + margin,
                    t,
                    hypoSustain);
        } else {
            // a corroborating site makes it hypothermia (and ends a skin-only warning)
            level(s, ALERT_KIND_HYPOTHERMIA, hypoMedian <= rules.hypothermiaCelsius(), false, t, hypoSustain);
            for (AlertKind k : new AlertKind[] {ALERT_KIND_LOW_SKIN_TEMPERATURE, ALERT_KIND_HYPOTHERMIA}) {
                level(s, k, false, hypoClear > rules.hypothermiaClearCelsius(), t, hypoSustain);
            }
        }
    }

    /** Early warning of the fever family: a fast rise that has nearly reached the fever threshold. */
    private static void rapidRise(EpisodeStep s, long t, AlertRules rules, long clearSustainNs, Window.Means means) {
        // the current level: the last 2/15 of the rise window (4 min of 30)
        long currentNs = rules.rapidRiseWindow().toNanos() * 2 / 15;
        double current = means.robustMean(t - currentNs);
        boolean near = current >= rules.feverCelsius() - AlertRules.RAPID_RISE_FLOOR_BELOW_FEVER;
        RuleState st = s.d.level(ALERT_KIND_RAPID_RISE);
        if (!st.active()) {
            // the low point (the costly statistic) only matters once the level is near the fever threshold
            if (near
                    && Window.count(s.d.recent, rules.bucketNs(), t - currentNs) >= AlertRules.MIN_READINGS
                    && rise(s, t, rules, current) >= rules.rapidRiseCelsius()) {
                s.raise(ALERT_KIND_RAPID_RISE, t);
            }
        } else if (rise(s, t, rules, current) < rules.clearBelow(rules.rapidRiseCelsius())) {
            long since = st.clearSinceNs() == NONE ? t : st.clearSinceNs();
            if (t - since >= clearSustainNs) {
                s.clear(ALERT_KIND_RAPID_RISE);
            } else {
                s.d.levels.put(ALERT_KIND_RAPID_RISE, st.withClearSince(since));
            }
        } else if (st.clearSinceNs() != NONE) {
            s.d.levels.put(ALERT_KIND_RAPID_RISE, st.withClearSince(NONE));
        }
    }

    /** How far the current level lies above the lowest level of the rise window (0 without a low point). */
    private static double rise(EpisodeStep s, long t, AlertRules rules, double current) {
        double low = Window.lowestRunningMedian(
                s.d.recent, rules.bucketNs(), t - rules.rapidRiseWindow().toNanos());
        return Double.isNaN(low) ? 0 : current - low;
    }

    /**
     * Raises, or clears once the level has been active for at least the clear window (so the clear
     * statistic is taken over readings after the raise only).
     */
    static void level(EpisodeStep s, AlertKind k, boolean raise, boolean clear, long t, long clearNs) {
        RuleState st = s.d.level(k);
        if (!st.active() && raise) {
            s.raise(k, t);
        } else if (st.active() && clear && t - st.episodeStartNs() >= clearNs) {
            s.clear(k);
        }
    }

    /** The current run of usable readings spans the window and the window holds enough readings. */
    static boolean covered(EpisodeStep s, long t, long windowNs) {
        AlertRules rules = s.profile.rules();
        return s.d.runStartNs != NONE
                && t - s.d.runStartNs >= windowNs
                && Window.count(s.d.recent, rules.bucketNs(), t - windowNs) >= AlertRules.MIN_READINGS;
    }
}
