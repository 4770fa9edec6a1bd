package dev.calor.worker.alert;

import static dev.calor.proto.v1.AlertKind.ALERT_KIND_SENSOR_DETACHED;
import static dev.calor.worker.alert.RuleState.NONE;

/**
 * SENSOR_DETACHED: the reading's detached flag, a measured value that looks like room air, or a fall
 * faster than a body can cool. Clears once readings look attached again (and, after a fall, are back
 * near the level before it) for {@link AlertRules#DETACHED_CLEAR_SUSTAIN}.
 */
final class DetachmentRule {

    private DetachmentRule() {}

    /** @return whether this reading counts as detached (it then drives no temperature rule) */
    static boolean apply(EpisodeStep s, ReadingInput r, long t) {
        PatientAlertState.Draft d = s.d;
        AlertRules rules = s.profile.rules();
        boolean finite = r.hasFiniteValue();
        // the level before: the robust mean of the drop window, so a glitch up does not look like a fall after it;
        // a mean never exceeds the window's highest reading (plus its 0.001 rounding), so it is computed only
        // when that highest reading is far enough above this one for a fall
        long dropFromNs = t - rules.detachedDropWindow().toNanos();
        double fellFrom = finite
                        && Window.highest(d.recent, rules.bucketNs(), dropFromNs) + Window.ROUNDING_CELSIUS
                                >= r.coreCelsius() + rules.detachedDropCelsius()
                ? Window.robustMean(d.recent, rules.bucketNs(), dropFromNs)
                : Double.NaN;
        boolean fell = finite && !Double.isNaN(fellFrom) && fellFrom - r.coreCelsius() >= rules.detachedDropCelsius();
        boolean detached =
                r.flaggedDetached() || (finite && r.measuredCelsius() < rules.detachedBelowCelsius()) || fell;
        boolean wasDetached = d.active(ALERT_KIND_SENSOR_DETACHED);
        if (wasDetached && d.detachedFromCelsius != null && finite) {
            detached |= r.coreCelsius() < d.detachedFromCelsius - rules.detachedDropCelsius() / 2;
        }
        boolean attached = !detached && finite && r.measuredCelsius() >= rules.detachedBelowCelsius() + 1.0;
        RuleState st = d.level(ALERT_KIND_SENSOR_DETACHED);
        if (detached) {
            if (!wasDetached) {
                d.levels.put(ALERT_KIND_SENSOR_DETACHED, st.raised(t, t));
                d.detachedFromCelsius = fell ? fellFrom : null;
            } else if (st.clearSinceNs() != NONE) {
                d.levels.put(ALERT_KIND_SENSOR_DETACHED, st.withClearSince(NONE));
            }
        } else if (wasDetached && attached) {
            long since = st.clearSinceNs() == NONE ? t : st.clearSinceNs();
            if (t - since >= AlertRules.DETACHED_CLEAR_SUSTAIN.toNanos()) {
                d.levels.put(ALERT_KIND_SENSOR_DETACHED, st.cleared());
                d.detachedFromCelsius = null;
            } else {
                d.levels.put(ALERT_KIND_SENSOR_DETACHED, st.withClearSince(since));
            }
        } else if (wasDetached && st.clearSinceNs() != NONE) {
            d.levels.put(ALERT_KIND_SENSOR_DETACHED, st.withClearSince(NONE));
        }
        return detached;
    }
}
