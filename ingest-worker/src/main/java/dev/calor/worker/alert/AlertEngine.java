package dev.calor.worker.alert;

import static dev.calor.proto.v1.AlertKind.ALERT_KIND_FEVER;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HIGH_FEVER;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPERPYREXIA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPOTHERMIA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_LOW_BATTERY;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_NO_DATA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_RAPID_RISE;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_SENSOR_DETACHED;
import static dev.calor.worker.alert.RuleState.NONE;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertSeverity;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.DeviceFault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert rules as a pure state machine: (state, input, clock) → (state, alerts). No I/O, no threads;
 * the only time it reads is the injected clock (for NO_DATA, "late" marking and the emitted time).
 *
 * <p>Readings of a patient are evaluated in device-time order: a reading not newer than the last one
 * evaluated is ignored here (it is still written to InfluxDB). Every rule raises once per episode,
 * reminds at the patient's reminder interval while active, and clears once, with hysteresis and a
 * sustain time so values flapping around a threshold cannot cause a storm. An alert whose event time
 * lies further back than {@code lateAfter} is marked late; a reminder that would be late is not sent.
 */
public final class AlertEngine {

    private static final List<AlertKind> READING_RULES = List.of(
            ALERT_KIND_SENSOR_DETACHED,
            ALERT_KIND_FEVER,
            ALERT_KIND_HIGH_FEVER,
            ALERT_KIND_HYPERPYREXIA,
            ALERT_KIND_HYPOTHERMIA,
            ALERT_KIND_RAPID_RISE);

    private final Clock clock;
    private final long lateAfterNs;

    public AlertEngine(Clock clock, Duration lateAfter) {
        this.clock = clock;
        this.lateAfterNs = lateAfter.toNanos();
    }

    /** Evaluates one reading of the patient. */
    public Evaluation onReading(PatientAlertState state, PatientProfile profile, ReadingInput r) {
        if (r.sampleNs() <= state.lastEvaluatedNs()) {
            return new Evaluation(state, List.of());
        }
        Step s = new Step(state, profile);
        AlertRules rules = profile.rules();
        long t = r.sampleNs();
        if (s.d.rule(ALERT_KIND_NO_DATA).active()) {
            s.clearNow(ALERT_KIND_NO_DATA, s.nowNs, null, r.deviceId());
        }
        boolean gap = state.lastEvaluatedNs() != NONE
                && t - state.lastEvaluatedNs() > rules.noDataAfter().toNanos();
        if (gap) {
            READING_RULES.forEach(k -> s.d.rules.put(k, s.d.rule(k).resetRuns()));
            s.d.recent.clear();
        }
        s.d.lastEvaluatedNs = t;
        s.d.lastHeardNs = s.nowNs;
        s.d.deviceId = r.deviceId();
        pruneRecent(s.d.recent, t, rules);

        double fellFrom = maxSince(s.d.recent, t - rules.detachedDropWindow().toNanos());
        boolean fell = r.hasFiniteValue() && fellFrom - r.coreCelsius() >= rules.detachedDropCelsius();
        boolean detached = r.flaggedDetached()
                || (r.hasFiniteValue() && r.measuredCelsius() < rules.detachedBelowCelsius())
                || fell;
        boolean wasDetached = s.d.rule(ALERT_KIND_SENSOR_DETACHED).active();
        Double fellFromBefore = s.d.detachedFromCelsius;
        if (wasDetached && fellFromBefore != null && r.hasFiniteValue()) {
            detached |= r.coreCelsius() < fellFromBefore - rules.detachedDropCelsius() / 2;
        }
        boolean attached = !detached && r.hasFiniteValue() && r.measuredCelsius() >= rules.detachedBelowCelsius() + 1.0;
        Double measured = r.hasFiniteValue() ? r.measuredCelsius() : null;
        s.sustained(
                ALERT_KIND_SENSOR_DETACHED,
                detached,
                attached,
                t,
                0,
                AlertRules.DETACHED_CLEAR_SUSTAIN.toNanos(),
                measured,
                rules.detachedBelowCelsius(),
                r.deviceId());
        boolean nowDetached = s.d.rule(ALERT_KIND_SENSOR_DETACHED).active();
        if (nowDetached && !wasDetached) {
            s.d.detachedFromCelsius = fell ? fellFrom : null;
        } else if (!nowDetached) {
            s.d.detachedFromCelsius = null;
        }

        if (!detached && r.fitForThresholds()) {
            double v = r.coreCelsius();
            long feverSustain = rules.feverSustain().toNanos();
            long feverClear = rules.feverClearSustain().toNanos();
            long hypoSustain = rules.hypothermiaSustain().toNanos();
            double fever = rules.feverCelsius();
            double high = rules.highFeverCelsius();
            double hyper = rules.hyperpyrexiaCelsius();
            double hypo = rules.hypothermiaCelsius();
            String dev = r.deviceId();
            s.sustained(
                    ALERT_KIND_FEVER,
                    v >= fever,
                    v < rules.feverClearCelsius(),
                    t,
                    feverSustain,
                    feverClear,
                    v,
                    fever,
                    dev);
            s.sustained(
                    ALERT_KIND_HIGH_FEVER,
                    v >= high,
                    v < rules.clearBelow(high),
                    t,
                    feverSustain,
                    feverClear,
                    v,
                    high,
                    dev);
            s.sustained(
                    ALERT_KIND_HYPERPYREXIA, v >= hyper, v < rules.clearBelow(hyper), t, 0, feverClear, v, hyper, dev);
            s.sustained(
                    ALERT_KIND_HYPOTHERMIA,
                    v <= hypo,
                    v > rules.hypothermiaClearCelsius(),
                    t,
                    hypoSustain,
                    hypoSustain,
                    v,
                    hypo,
                    dev);
            double low = minSince(s.d.recent, t - rules.rapidRiseWindow().toNanos());
            double rise = Double.isNaN(low) ? 0 : v - low;
            double riseAt = rules.rapidRiseCelsius();
            s.sustained(
                    ALERT_KIND_RAPID_RISE,
                    rise >= riseAt,
                    rise < rules.clearBelow(riseAt),
                    t,
                    0,
                    feverClear,
                    v,
                    riseAt,
                    dev);
            addToRecent(s.d.recent, t, v);
        }
        for (AlertKind k : READING_RULES) {
            s.remindIfDue(k, t, r.deviceId(), r.hasFiniteValue() ? r.coreCelsius() : null);
        }
        return s.done();
    }

    /**
     * Evaluates a device status carried in a batch: LOW_BATTERY, and SENSOR_DETACHED from the patch's
     * own fault flag.
     *
     * @param batteryPercent null when the patch has not reported it
     */
    public Evaluation onStatus(
            PatientAlertState state,
            PatientProfile profile,
            String deviceId,
            long statusNs,
            Integer batteryPercent,
            int faultFlags) {
        if (statusNs <= state.lastStatusNs()) {
            return new Evaluation(state, List.of());
        }
        Step s = new Step(state, profile);
        s.d.lastStatusNs = statusNs;
        if (batteryPercent != null) {
            int low = profile.rules().lowBatteryPercent();
            s.battery = batteryPercent;
            s.sustained(
                    ALERT_KIND_LOW_BATTERY,
                    batteryPercent <= low,
                    batteryPercent >= low + AlertRules.BATTERY_HYSTERESIS_PERCENT,
                    statusNs,
                    0,
                    0,
                    null,
                    null,
                    deviceId);
            s.remindIfDue(ALERT_KIND_LOW_BATTERY, statusNs, deviceId, null);
        }
        if ((faultFlags & DeviceFault.DEVICE_FAULT_DETACHED_VALUE) != 0) {
            s.sustained(ALERT_KIND_SENSOR_DETACHED, true, false, statusNs, 0, 0, null, null, deviceId);
        }
        return s.done();
    }

    /**
     * Periodic check of a patient's silence (worker time).
     *
     * @param expectingData whether the patient has a patch assigned now whose readings this worker owns
     */
    public Evaluation onTick(PatientAlertState state, PatientProfile profile, boolean expectingData) {
        Step s = new Step(state, profile);
        RuleState noData = s.d.rule(ALERT_KIND_NO_DATA);
        if (!expectingData) {
            if (noData.active()) {
                s.clearNow(ALERT_KIND_NO_DATA, s.nowNs, null, state.deviceId());
            }
            return s.done();
        }
        if (s.d.lastHeardNs == NONE) {
            s.d.lastHeardNs = s.nowNs;
            return s.done();
        }
        long silentNs = s.nowNs - s.d.lastHeardNs;
        if (!noData.active() && silentNs >= profile.rules().noDataAfter().toNanos()) {
            s.d.rules.put(ALERT_KIND_NO_DATA, noData.raised(s.d.lastHeardNs, s.nowNs));
            s.emit(
                    ALERT_KIND_NO_DATA,
                    AlertTransition.ALERT_TRANSITION_RAISED,
                    s.d.lastHeardNs,
                    s.nowNs,
                    0,
                    null,
                    null,
                    state.deviceId());
        } else {
            s.remindIfDue(ALERT_KIND_NO_DATA, s.nowNs, state.deviceId(), null);
        }
        return s.done();
    }

    /**
     * After a restart the worker cannot know what it missed while down (readings may be waiting in the
     * broker), so silence is counted from the later of the last reading and the restart.
     */
    public PatientAlertState onStart(PatientAlertState state) {
        if (state.lastHeardNs() == NONE) {
            return state;
        }
        PatientAlertState.Draft d = state.draft();
        d.lastHeardNs = Math.max(d.lastHeardNs, nowNs());
        return d.build();
    }

    private long nowNs() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void pruneRecent(List<MinuteBucket> recent, long t, AlertRules rules) {
        long keepNs = Math.max(
                rules.rapidRiseWindow().toNanos(), rules.detachedDropWindow().toNanos());
        long oldest = MinuteBucket.minuteOf(t - keepNs);
        recent.removeIf(b -> b.minute() < oldest);
    }

    private static void addToRecent(List<MinuteBucket> recent, long t, double v) {
        long minute = MinuteBucket.minuteOf(t);
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (recent.get(i).minute() == minute) {
                recent.set(i, recent.get(i).with(v));
                return;
            }
        }
        recent.add(new MinuteBucket(minute, v, v));
    }

    private static double minSince(List<MinuteBucket> recent, long fromNs) {
        long from = MinuteBucket.minuteOf(fromNs);
        return recent.stream()
                .filter(b -> b.minute() >= from)
                .mapToDouble(MinuteBucket::minCelsius)
                .min()
                .orElse(Double.NaN);
    }

    private static double maxSince(List<MinuteBucket> recent, long fromNs) {
        long from = MinuteBucket.minuteOf(fromNs);
        return recent.stream()
                .filter(b -> b.minute() >= from)
                .mapToDouble(MinuteBucket::maxCelsius)
                .max()
                .orElse(Double.NEGATIVE_INFINITY);
    }

    static AlertSeverity severityOf(AlertKind kind) {
        return switch (kind) {
            case ALERT_KIND_HIGH_FEVER, ALERT_KIND_HYPERPYREXIA, ALERT_KIND_HYPOTHERMIA ->
                AlertSeverity.ALERT_SEVERITY_CRITICAL;
            case ALERT_KIND_LOW_BATTERY -> AlertSeverity.ALERT_SEVERITY_INFO;
            default -> AlertSeverity.ALERT_SEVERITY_WARNING;
        };
    }

    /** One evaluation in progress. */
    private final class Step {
        final PatientAlertState.Draft d;
        final PatientProfile profile;
        final long nowNs = AlertEngine.this.nowNs();
        final List<Alert> alerts = new ArrayList<>();
        Integer battery;

        Step(PatientAlertState state, PatientProfile profile) {
            this.d = state.draft();
            this.profile = profile;
        }

        void sustained(
                AlertKind k,
                boolean raiseCond,
                boolean clearCond,
                long t,
                long raiseSustainNs,
                long clearSustainNs,
                Double value,
                Double threshold,
                String deviceId) {
            RuleState st = d.rule(k);
            if (!st.active()) {
                if (raiseCond) {
                    long since = st.raiseSinceNs() == NONE ? t : st.raiseSinceNs();
                    if (t - since >= raiseSustainNs) {
                        d.rules.put(k, st.raised(since, t));
                        emit(k, AlertTransition.ALERT_TRANSITION_RAISED, since, t, 0, value, threshold, deviceId);
                    } else {
                        d.rules.put(k, st.withRaiseSince(since));
                    }
                } else if (st.raiseSinceNs() != NONE) {
                    d.rules.put(k, st.withRaiseSince(NONE));
                }
            } else if (clearCond) {
                long since = st.clearSinceNs() == NONE ? t : st.clearSinceNs();
                if (t - since >= clearSustainNs) {
                    d.rules.put(k, st.cleared());
                    emit(
                            k,
                            AlertTransition.ALERT_TRANSITION_CLEARED,
                            st.episodeStartNs(),
                            t,
                            0,
                            value,
                            threshold,
                            deviceId);
                } else {
                    d.rules.put(k, st.withClearSince(since));
                }
            } else if (st.clearSinceNs() != NONE) {
                d.rules.put(k, st.withClearSince(NONE));
            }
        }

        void clearNow(AlertKind k, long t, Double value, String deviceId) {
            RuleState st = d.rule(k);
            d.rules.put(k, st.cleared());
            emit(k, AlertTransition.ALERT_TRANSITION_CLEARED, st.episodeStartNs(), t, 0, value, null, deviceId);
        }

        void remindIfDue(AlertKind k, long t, String deviceId, Double value) {
            RuleState st = d.rule(k);
            long interval = profile.rules().reminderInterval().toNanos();
            if (!st.active() || st.lastNotifiedNs() == t || t - st.lastNotifiedNs() < interval || isLate(t)) {
                return;
            }
            RuleState next = st.reminded(t);
            d.rules.put(k, next);
            emit(
                    k,
                    AlertTransition.ALERT_TRANSITION_REMINDER,
                    st.episodeStartNs(),
                    t,
                    next.reminders(),
                    value,
                    null,
                    deviceId);
        }

        void emit(
                AlertKind k,
                AlertTransition transition,
                long episodeStartNs,
                long eventNs,
                int reminder,
                Double value,
                Double threshold,
                String deviceId) {
            Alert.Builder a = Alert.newBuilder()
                    .setSchemaVersion(SchemaVersions.CURRENT)
                    .setAlertId(AlertIds.of(d.patientId, k, episodeStartNs, transition, reminder))
                    .setPatientId(d.patientId)
                    .setKind(k)
                    .setTransition(transition)
                    .setSeverity(severityOf(k))
                    .setEpisodeStartUnixNs(episodeStartNs)
                    .setEventTimeUnixNs(eventNs)
                    .setEmittedTimeUnixNs(nowNs)
                    .setDeviceId(deviceId == null ? "" : deviceId)
                    .setLate(isLate(eventNs));
            if (value != null) {
                a.setValueCelsius(value);
            }
            if (threshold != null) {
                a.setThresholdCelsius(threshold);
            }
            if (k == ALERT_KIND_LOW_BATTERY && battery != null) {
                a.setBatteryPercent(battery);
            }
            Alert partial = a.build();
            alerts.add(partial.toBuilder()
                    .setMessage(AlertMessages.describe(partial, profile.zone(), Instant.ofEpochSecond(0, nowNs)))
                    .build());
        }

        boolean isLate(long eventNs) {
            return nowNs - eventNs > lateAfterNs;
        }

        Evaluation done() {
            return new Evaluation(d.build(), alerts);
        }
    }
}
