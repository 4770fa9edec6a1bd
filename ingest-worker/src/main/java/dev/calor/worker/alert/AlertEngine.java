package dev.calor.worker.alert;

import static dev.calor.proto.v1.AlertKind.ALERT_KIND_LOW_BATTERY;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_NO_DATA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_SENSOR_DETACHED;
import static dev.calor.worker.alert.RuleState.NONE;

import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.DeviceFault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The alert rules as a pure state machine: (state, input, clock) → (state, alerts). No I/O, no threads;
 * the only time it reads is the injected clock (NO_DATA, escalation, "late" marking, emitted time).
 *
 * <p>Readings of a patient are evaluated in device-time order: a reading not newer than the last one
 * evaluated is ignored here (it is still stored). The temperature rules ({@link TemperatureRules}) set
 * each kind's level on robust window statistics; {@link EpisodeStep#settle} turns the levels of a family
 * into one episode: one RAISED, an UPDATED per change of leading kind, reminders while unacknowledged,
 * one CLEARED. An alert whose event time lies further back than {@code lateAfter} is marked late; a
 * reminder that would be late is not sent.
 */
public final class AlertEngine {

    /** The families a reading settles, in this order. */
    private static final List<AlertFamily> READING_FAMILIES = List.of(
            AlertFamily.ALERT_FAMILY_SENSOR, AlertFamily.ALERT_FAMILY_FEVER, AlertFamily.ALERT_FAMILY_HYPOTHERMIA);

    private final Clock clock;
    private final long lateAfterNs;

    public AlertEngine(Clock clock, Duration lateAfter) {
        this.clock = clock;
        this.lateAfterNs = lateAfter.toNanos();
    }

    /** Evaluates one reading of the patient. */
    public Evaluation onReading(PatientAlertState state, PatientProfile profile, ReadingInput r) {
        return onReadings(state, profile, List.of(r));
    }

    /**
     * Evaluates readings of the patient in the order given, as {@link #onReading} one after the other would
     * (the clock is read once: they arrived together), on one working copy of the state: a message's
     * readings cost one copy of the patient's window, not one each.
     */
    public Evaluation onReadings(PatientAlertState state, PatientProfile profile, List<ReadingInput> readings) {
        EpisodeStep s = null;
        for (ReadingInput r : readings) {
            if (r.sampleNs() <= (s == null ? state.lastEvaluatedNs() : s.d.lastEvaluatedNs)) {
                continue;
            }
            if (s == null) {
                s = step(state, profile);
            }
            evaluate(s, profile.rules(), r);
        }
        return s == null ? new Evaluation(state, List.of()) : s.done();
    }

    private static void evaluate(EpisodeStep s, AlertRules rules, ReadingInput r) {
        PatientAlertState.Draft d = s.d;
        long t = r.sampleNs();
        if (d.active(ALERT_KIND_NO_DATA)) {
            s.clear(ALERT_KIND_NO_DATA);
            s.settle(AlertFamily.ALERT_FAMILY_NO_DATA, s.nowNs, s.nowNs, null, r.deviceId());
        }
        if (d.lastEvaluatedNs != NONE
                && t - d.lastEvaluatedNs > rules.noDataAfter().toNanos()) {
            restartWindow(d);
        }
        long bucket = rules.bucketNs();
        if (d.bucketNs != bucket) {
            restartWindow(d);
            d.bucketNs = bucket;
        }
        d.lastEvaluatedNs = t;
        d.lastHeardNs = s.nowNs;
        d.deviceId = r.deviceId();
        Window.prune(d.recent, bucket, t - rules.longestWindow().toNanos());

        boolean detached = DetachmentRule.apply(s, r, t);
        if (detached) {
            restartWindow(d);
        } else if (r.fitForThresholds()) {
            Window.add(d.recent, bucket, t, r.coreCelsius());
            if (d.runStartNs == NONE) {
                d.runStartNs = t;
            }
            TemperatureRules.apply(s, r, t);
            BaselineRiseRule.apply(s, r.coreCelsius(), t);
        }
        Double value = r.hasFiniteValue() ? r.coreCelsius() : null;
        for (AlertFamily f : READING_FAMILIES) {
            s.settle(f, t, t, value, r.deviceId());
        }
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
        EpisodeStep s = step(state, profile);
        s.d.lastStatusNs = statusNs;
        if (batteryPercent != null) {
            int low = profile.rules().lowBatteryPercent();
            s.battery = batteryPercent;
            if (batteryPercent <= low) {
                s.raise(ALERT_KIND_LOW_BATTERY, statusNs);
            } else if (batteryPercent >= low + AlertRules.BATTERY_HYSTERESIS_PERCENT) {
                s.clear(ALERT_KIND_LOW_BATTERY);
            }
            s.settle(AlertFamily.ALERT_FAMILY_BATTERY, statusNs, statusNs, null, deviceId);
        }
        if ((faultFlags & DeviceFault.DEVICE_FAULT_DETACHED_VALUE) != 0) {
            s.raise(ALERT_KIND_SENSOR_DETACHED, statusNs);
            s.settle(AlertFamily.ALERT_FAMILY_SENSOR, statusNs, statusNs, null, deviceId);
        }
        return s.done();
    }

    /**
     * Periodic check (worker time): NO_DATA, reminders of silent patients, escalation of critical
     * episodes nobody acknowledged.
     *
     * @param expectingData whether the patient has a patch assigned now whose readings this worker owns
     * @param holdNoData true while silence is explained (the worker is catching up on a backlog, or the
     *     patch's bridge reports readings waiting): NO_DATA is not raised then
     */
    public Evaluation onTick(
            PatientAlertState state, PatientProfile profile, boolean expectingData, boolean holdNoData) {
        EpisodeStep s = step(state, profile);
        PatientAlertState.Draft d = s.d;
        String device = state.deviceId();
        if (!expectingData) {
            s.clear(ALERT_KIND_NO_DATA);
        } else if (d.lastHeardNs == NONE || holdNoData) {
            d.lastHeardNs = d.lastHeardNs == NONE ? s.nowNs : Math.max(d.lastHeardNs, s.nowNs - 1);
        } else if (s.nowNs - d.lastHeardNs >= profile.rules().noDataAfter().toNanos()) {
            s.raise(ALERT_KIND_NO_DATA, s.nowNs);
        }
        s.settle(AlertFamily.ALERT_FAMILY_NO_DATA, s.nowNs, d.lastHeardNs, null, device);
        Escalation.apply(s, profile);
        return s.done();
    }

    /** Compatibility form of {@link #onTick(PatientAlertState, PatientProfile, boolean, boolean)} without a hold. */
    public Evaluation onTick(PatientAlertState state, PatientProfile profile, boolean expectingData) {
        return onTick(state, profile, expectingData, false);
    }

    /**
     * A caregiver acknowledged an episode. Only an open, not yet acknowledged episode of this patient
     * with exactly that id changes; anything else returns the state unchanged and no alert.
     */
    public Evaluation onAcknowledge(
            PatientAlertState state, PatientProfile profile, String episodeId, String caregiverId) {
        for (Map.Entry<AlertFamily, Episode> e : state.episodes().entrySet()) {
            Episode ep = e.getValue();
            if (ep.open()
                    && !ep.isAcknowledged()
                    && AlertIds.episode(state.patientId(), e.getKey(), ep.startNs())
                            .equals(episodeId)) {
                EpisodeStep s = step(state, profile);
                s.d.episodes.put(e.getKey(), ep.acknowledged(caregiverId));
                s.emit(e.getKey(), AlertTransition.ALERT_TRANSITION_ACKNOWLEDGED, 0, s.nowNs, null, state.deviceId());
                return s.done();
            }
        }
        return new Evaluation(state, List.of());
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

    private static void restartWindow(PatientAlertState.Draft d) {
        d.recent.clear();
        d.runStartNs = NONE;
    }

    private EpisodeStep step(PatientAlertState state, PatientProfile profile) {
        return new EpisodeStep(state, profile, nowNs(), lateAfterNs);
    }

    private long nowNs() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
