package dev.calor.worker.alert;

import com.google.protobuf.Duration;
import dev.calor.proto.v1.AlertThresholds;

/**
 * One patient's alert rules, every threshold resolved: a care-circle {@link AlertThresholds} field that
 * is unset takes the default named here (and documented in the README's alert rules table).
 */
public record AlertRules(
        double feverCelsius,
        double feverClearCelsius,
        java.time.Duration feverSustain,
        java.time.Duration feverClearSustain,
        double highFeverCelsius,
        double hyperpyrexiaCelsius,
        double hypothermiaCelsius,
        double hypothermiaClearCelsius,
        java.time.Duration hypothermiaSustain,
        double rapidRiseCelsius,
        java.time.Duration rapidRiseWindow,
        java.time.Duration noDataAfter,
        int lowBatteryPercent,
        java.time.Duration reminderInterval,
        double detachedBelowCelsius,
        double detachedDropCelsius,
        java.time.Duration detachedDropWindow,
        java.time.Duration hyperpyrexiaSustain,
        java.time.Duration escalateAfter,
        BaselineRule baseline) {

    /**
     * The optional baseline-relative rule: ABOVE_BASELINE when the sustained temperature is at least {@code
     * riseCelsius} above the patient's rolling baseline (time constant and minimum history {@code window}).
     */
    public record BaselineRule(double riseCelsius, java.time.Duration window) {}

    public static final java.time.Duration DEFAULT_BASELINE_WINDOW = java.time.Duration.ofDays(1);

    public static final double DEFAULT_FEVER_CELSIUS = 38.0;
    public static final double DEFAULT_FEVER_CLEAR_CELSIUS = 37.7;
    public static final java.time.Duration DEFAULT_FEVER_SUSTAIN = java.time.Duration.ofMinutes(10);
    public static final java.time.Duration DEFAULT_FEVER_CLEAR_SUSTAIN = java.time.Duration.ofMinutes(10);
    public static final double DEFAULT_HIGH_FEVER_CELSIUS = 39.0;
    public static final double DEFAULT_HYPERPYREXIA_CELSIUS = 41.0;
    public static final java.time.Duration DEFAULT_HYPERPYREXIA_SUSTAIN = java.time.Duration.ofMinutes(2);
    public static final java.time.Duration DEFAULT_ESCALATE_AFTER = java.time.Duration.ofMinutes(10);
    public static final double DEFAULT_HYPOTHERMIA_CELSIUS = 35.0;
    public static final double DEFAULT_HYPOTHERMIA_CLEAR_CELSIUS = 35.3;
    public static final java.time.Duration DEFAULT_HYPOTHERMIA_SUSTAIN = java.time.Duration.ofMinutes(10);
    public static final double DEFAULT_RAPID_RISE_CELSIUS = 1.0;
    public static final java.time.Duration DEFAULT_RAPID_RISE_WINDOW = java.time.Duration.ofMinutes(30);
    public static final java.time.Duration DEFAULT_NO_DATA_AFTER = java.time.Duration.ofMinutes(15);
    public static final int DEFAULT_LOW_BATTERY_PERCENT = 15;
    public static final java.time.Duration DEFAULT_REMINDER_INTERVAL = java.time.Duration.ofMinutes(30);
    public static final double DEFAULT_DETACHED_BELOW_CELSIUS = 30.0;
    public static final double DEFAULT_DETACHED_DROP_CELSIUS = 3.0;
    public static final java.time.Duration DEFAULT_DETACHED_DROP_WINDOW = java.time.Duration.ofMinutes(5);

    /** Width of the band between a raise and a clear threshold for rules that have no clear threshold of their own. */
    public static final double HYSTERESIS_CELSIUS = 0.3;
    /** A battery alert clears only when the level is this much above its threshold (a new patch). */
    public static final int BATTERY_HYSTERESIS_PERCENT = 5;
    /** A detached alert clears when readings look attached again for this long. */
    public static final java.time.Duration DETACHED_CLEAR_SUSTAIN = java.time.Duration.ofMinutes(2);

    /** A window holds at least this many readings before a rule may move on its median. */
    public static final int MIN_READINGS = 3;
    /** LOW_SKIN_TEMPERATURE (skin-only) raises this much above the hypothermia threshold, and clears as much above its clear level. */
    public static final double LOW_SKIN_MARGIN_CELSIUS = 0.3;
    /** RAPID_RISE warns only once the temperature is this close below the fever threshold. */
    public static final double RAPID_RISE_FLOOR_BELOW_FEVER = 0.5;

    /**
     * Width of the time slots a patient's window is summarised in: a tenth of the shortest sustain
     * window, between 1 s and 1 min (1 min with the default rules).
     */
    public long bucketNs() {
        long shortest =
                Math.min(feverSustain.toNanos(), Math.min(feverClearSustain.toNanos(), hypothermiaSustain.toNanos()));
        return Math.max(1_000_000_000L, Math.min(60_000_000_000L, shortest / 10));
    }

    /** The longest window any rule looks back over. */
    public java.time.Duration longestWindow() {
        java.time.Duration longest = feverSustain;
        for (java.time.Duration d : new java.time.Duration[] {
            feverClearSustain, hypothermiaSustain, rapidRiseWindow, detachedDropWindow, hyperpyrexiaSustain
        }) {
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    public static AlertRules defaults() {
        return from(AlertThresholds.getDefaultInstance());
    }

    public static AlertRules from(AlertThresholds t) {
        return new AlertRules(
                t.hasFeverCelsius() ? t.getFeverCelsius() : DEFAULT_FEVER_CELSIUS,
                t.hasFeverClearCelsius() ? t.getFeverClearCelsius() : DEFAULT_FEVER_CLEAR_CELSIUS,
                t.hasFeverSustain() ? toJava(t.getFeverSustain()) : DEFAULT_FEVER_SUSTAIN,
                t.hasFeverClearSustain() ? toJava(t.getFeverClearSustain()) : DEFAULT_FEVER_CLEAR_SUSTAIN,
                t.hasHighFeverCelsius() ? t.getHighFeverCelsius() : DEFAULT_HIGH_FEVER_CELSIUS,
                t.hasHyperpyrexiaCelsius() ? t.getHyperpyrexiaCelsius() : DEFAULT_HYPERPYREXIA_CELSIUS,
                t.hasHypothermiaCelsius() ? t.getHypothermiaCelsius() : DEFAULT_HYPOTHERMIA_CELSIUS,
                t.hasHypothermiaClearCelsius() ? t.getHypothermiaClearCelsius() : DEFAULT_HYPOTHERMIA_CLEAR_CELSIUS,
                t.hasHypothermiaSustain() ? toJava(t.getHypothermiaSustain()) : DEFAULT_HYPOTHERMIA_SUSTAIN,
                t.hasRapidRiseCelsius() ? t.getRapidRiseCelsius() : DEFAULT_RAPID_RISE_CELSIUS,
                t.hasRapidRiseWindow() ? toJava(t.getRapidRiseWindow()) : DEFAULT_RAPID_RISE_WINDOW,
                t.hasNoDataAfter() ? toJava(t.getNoDataAfter()) : DEFAULT_NO_DATA_AFTER,
                t.hasLowBatteryPercent() ? t.getLowBatteryPercent() : DEFAULT_LOW_BATTERY_PERCENT,
                t.hasReminderInterval() ? toJava(t.getReminderInterval()) : DEFAULT_REMINDER_INTERVAL,
                t.hasDetachedBelowCelsius() ? t.getDetachedBelowCelsius() : DEFAULT_DETACHED_BELOW_CELSIUS,
                t.hasDetachedDropCelsius() ? t.getDetachedDropCelsius() : DEFAULT_DETACHED_DROP_CELSIUS,
                t.hasDetachedDropWindow() ? toJava(t.getDetachedDropWindow()) : DEFAULT_DETACHED_DROP_WINDOW,
                t.hasHyperpyrexiaSustain() ? toJava(t.getHyperpyrexiaSustain()) : DEFAULT_HYPERPYREXIA_SUSTAIN,
                t.hasEscalateAfter() ? toJava(t.getEscalateAfter()) : DEFAULT_ESCALATE_AFTER,
                t.hasBaselineRiseCelsius()
                        ? new BaselineRule(
                                t.getBaselineRiseCelsius(),
                                t.hasBaselineWindow() ? toJava(t.getBaselineWindow()) : DEFAULT_BASELINE_WINDOW)
                        : null);
    }

    /** Clear level of HIGH_FEVER and HYPERPYREXIA: the raise threshold less the hysteresis band. */
    public double clearBelow(double raiseCelsius) {
        return raiseCelsius - HYSTERESIS_CELSIUS;
    }

    private static java.time.Duration toJava(Duration d) {
        return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }
}
