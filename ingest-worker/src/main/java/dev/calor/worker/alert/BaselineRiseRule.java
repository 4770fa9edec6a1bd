package dev.calor.worker.alert;

import static dev.calor.proto.v1.AlertKind.ALERT_KIND_ABOVE_BASELINE;

import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertKind;

/**
 * The optional baseline-relative rule (off unless the care circle sets {@code baselineRiseCelsius}):
 * ABOVE_BASELINE when the sustained temperature (the fever window's robust statistic) is at least that far
 * above the patient's own rolling baseline; it clears {@link AlertRules#HYSTERESIS_CELSIUS} below that over
 * the clear window. The baseline is an exponentially weighted mean of the usable core estimates with the
 * rule's window as time constant, updated only while no fever-family level is active (a fever never
 * raises its own baseline), and used only once it spans that window.
 */
final class BaselineRiseRule {

    private BaselineRiseRule() {}

    static void apply(EpisodeStep s, double coreCelsius, long t) {
        AlertRules rules = s.profile.rules();
        AlertRules.BaselineRule rule = rules.baseline();
        PatientAlertState.Draft d = s.d;
        if (rule == null) {
            d.baseline = null;
            s.clear(ALERT_KIND_ABOVE_BASELINE);
            return;
        }
        double threshold = threshold(d, rules);
        if (!Double.isNaN(threshold)) {
            long sustain = rules.feverSustain().toNanos();
            long clearSustain = rules.feverClearSustain().toNanos();
            double raise = TemperatureRules.covered(s, t, sustain)
                    ? Window.robustMean(d.recent, rules.bucketNs(), t - sustain)
                    : Double.NaN;
            double clear = Window.robustMean(d.recent, rules.bucketNs(), t - clearSustain);
            TemperatureRules.level(
                    s,
                    ALERT_KIND_ABOVE_BASELINE,
                    raise >= threshold,
                    clear < threshold - AlertRules.HYSTERESIS_CELSIUS,
                    t,
                    clearSustain);
        }
        if (!feverish(d)) {
            d.baseline = updated(d.baseline, coreCelsius, t, rule.window().toNanos());
        }
    }

    /** The raise threshold now: baseline + rise once the baseline spans its window, else NaN. */
    static double threshold(PatientAlertState.Draft d, AlertRules rules) {
        AlertRules.BaselineRule rule = rules.baseline();
        PatientAlertState.Baseline b = d.baseline;
        if (rule == null
                || b == null
                || b.updatedNs() - b.sinceNs() < rule.window().toNanos()) {
            return Double.NaN;
        }
        return b.celsius() + rule.riseCelsius();
    }

    private static PatientAlertState.Baseline updated(
            PatientAlertState.Baseline b, double x, long t, long timeConstantNs) {
        if (b == null) {
            return new PatientAlertState.Baseline(x, t, t);
        }
        double weight = 1 - Math.exp(-(double) Math.max(0, t - b.updatedNs()) / timeConstantNs);
        return new PatientAlertState.Baseline(b.celsius() + weight * (x - b.celsius()), b.sinceNs(), t);
    }

    private static boolean feverish(PatientAlertState.Draft d) {
        for (AlertKind k : Families.LEVELS.get(AlertFamily.ALERT_FAMILY_FEVER)) {
            if (d.active(k)) {
                return true;
            }
        }
        return false;
    }
}
