package dev.calor.worker.carecircle;

import com.google.protobuf.Duration;
import dev.calor.proto.v1.AlertThresholds;
import dev.calor.worker.alert.AlertRules;
import java.util.List;

/**
 * Per-patient thresholds a care circle may set, within clinically safe bounds: a fever threshold of
 * 45 °C or a 0 s sustain would silence or flood the alerts, so the file is refused instead. The bounds
 * are documented in the worker README next to the defaults.
 */
final class SafeThresholds {

    private SafeThresholds() {}

    static void check(AlertThresholds t, String where, List<String> p) {
        AlertRules r = AlertRules.from(t);
        within(r.feverCelsius(), 37.5, 38.5, where + ".feverCelsius", p);
        within(r.feverClearCelsius(), r.feverCelsius() - 1.0, r.feverCelsius() - 0.1, where + ".feverClearCelsius", p);
        within(r.highFeverCelsius(), Math.max(38.5, r.feverCelsius() + 0.5), 40.0, where + ".highFeverCelsius", p);
        within(
                r.hyperpyrexiaCelsius(),
                Math.max(40.0, r.highFeverCelsius() + 0.5),
                41.5,
                where + ".hyperpyrexiaCelsius",
                p);
        within(r.hypothermiaCelsius(), 34.0, 36.0, where + ".hypothermiaCelsius", p);
        within(
                r.hypothermiaClearCelsius(),
                r.hypothermiaCelsius() + 0.1,
                r.hypothermiaCelsius() + 1.0,
                where + ".hypothermiaClearCelsius",
                p);
        within(r.rapidRiseCelsius(), 0.5, 3.0, where + ".rapidRiseCelsius", p);
        within(r.detachedBelowCelsius(), 25.0, 33.0, where + ".detachedBelowCelsius", p);
        within(r.detachedDropCelsius(), 1.5, 6.0, where + ".detachedDropCelsius", p);
        if (r.lowBatteryPercent() < 1 || r.lowBatteryPercent() > 50) {
            p.add(where + ".lowBatteryPercent " + r.lowBatteryPercent() + " must be within 1..50");
        }
        duration(t.hasFeverSustain(), t.getFeverSustain(), 1, 3600, where + ".feverSustain", p);
        duration(t.hasFeverClearSustain(), t.getFeverClearSustain(), 1, 3600, where + ".feverClearSustain", p);
        duration(t.hasHypothermiaSustain(), t.getHypothermiaSustain(), 1, 3600, where + ".hypothermiaSustain", p);
        duration(t.hasHyperpyrexiaSustain(), t.getHyperpyrexiaSustain(), 1, 600, where + ".hyperpyrexiaSustain", p);
        duration(t.hasRapidRiseWindow(), t.getRapidRiseWindow(), 60, 3 * 3600, where + ".rapidRiseWindow", p);
        duration(t.hasNoDataAfter(), t.getNoDataAfter(), 60, 24 * 3600, where + ".noDataAfter", p);
        duration(t.hasReminderInterval(), t.getReminderInterval(), 60, 24 * 3600, where + ".reminderInterval", p);
        duration(t.hasDetachedDropWindow(), t.getDetachedDropWindow(), 60, 3600, where + ".detachedDropWindow", p);
        duration(t.hasEscalateAfter(), t.getEscalateAfter(), 10, 2 * 3600, where + ".escalateAfter", p);
        if (t.hasBaselineRiseCelsius()) {
            within(t.getBaselineRiseCelsius(), 0.5, 2.0, where + ".baselineRiseCelsius", p);
        } else if (t.hasBaselineWindow()) {
            p.add(where + ".baselineWindow is set but baselineRiseCelsius is not (the baseline rule is off)");
        }
        duration(t.hasBaselineWindow(), t.getBaselineWindow(), 6 * 3600, 7 * 86_400, where + ".baselineWindow", p);
    }

    private static void within(double v, double min, double max, String where, List<String> p) {
        if (!(v >= min - 1e-9 && v <= max + 1e-9)) {
            p.add(String.format(java.util.Locale.ROOT, "%s %.2f °C must be within %.1f..%.1f °C", where, v, min, max));
        }
    }

    private static void duration(
            boolean set, Duration d, long minSeconds, long maxSeconds, String where, List<String> p) {
        if (set && (d.getSeconds() < minSeconds || d.getSeconds() > maxSeconds || d.getNanos() < 0)) {
            p.add(where + " " + d.getSeconds() + "s must be within " + minSeconds + "s.." + maxSeconds + "s");
        }
    }
}
