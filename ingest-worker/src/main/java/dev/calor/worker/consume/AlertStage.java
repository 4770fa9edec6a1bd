package dev.calor.worker.consume;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.alert.Evaluation;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.ReadingInput;
import dev.calor.worker.alert.RuleState;
import dev.calor.worker.carecircle.Assignment;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.Patient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Feeds the alert engine from the pipeline thread and collects what it produced since the last flush:
 * the patients whose state changed and the alerts, in order. Single-threaded by design.
 */
public final class AlertStage {

    private final AlertEngine engine;
    private final Map<String, PatientAlertState> states;
    private final Map<String, PatientAlertState> dirty = new LinkedHashMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final Predicate<String> ownsDevice;

    public AlertStage(AlertEngine engine, Map<String, PatientAlertState> loaded, Predicate<String> ownsDevice) {
        this.engine = engine;
        this.states = new HashMap<>();
        loaded.forEach((k, v) -> states.put(k, engine.onStart(v)));
        this.ownsDevice = ownsDevice;
    }

    void onReading(Patient p, ReadingInput reading) {
        apply(p.patientId(), engine.onReading(state(p.patientId()), p.profile(), reading));
    }

    /** Readings of one patient, in order (consecutive readings of one message). */
    void onReadings(Patient p, List<ReadingInput> readings) {
        apply(p.patientId(), engine.onReadings(state(p.patientId()), p.profile(), readings));
    }

    void onStatus(Patient p, DeviceStatus s, long timeNs) {
        Integer battery = s.hasBatteryPercent() ? s.getBatteryPercent() : null;
        apply(
                p.patientId(),
                engine.onStatus(
                        state(p.patientId()), p.profile(), s.getDeviceId(), timeNs, battery, s.getFaultFlags()));
    }

    /**
     * NO_DATA for every patient with a patch assigned now that this worker owns (clears for the others),
     * reminders of silent patients and escalations.
     *
     * @param holdAll true while the worker itself cannot see the stream (a shard connection down or
     *     just back, messages still queued): silence is not the patch's then
     * @param devicePending whether a device's bridge reports readings it still holds
     */
    void tick(CareCircle cc, long nowNs, boolean holdAll, Predicate<String> devicePending) {
        Map<String, Boolean> expecting = new HashMap<>();
        for (Assignment a : cc.activeAt(nowNs)) {
            if (ownsDevice.test(a.deviceId())) {
                expecting.merge(a.patientId(), holdAll || devicePending.test(a.deviceId()), Boolean::logicalOr);
            }
        }
        expecting.forEach((pid, hold) ->
                cc.patient(pid).ifPresent(p -> apply(pid, engine.onTick(state(pid), p.profile(), true, hold))));
        for (PatientAlertState s : List.copyOf(states.values())) {
            if (!expecting.containsKey(s.patientId()) && !s.episodes().isEmpty()) {
                cc.patient(s.patientId())
                        .ifPresent(p -> apply(s.patientId(), engine.onTick(s, p.profile(), false, false)));
            }
        }
    }

    /** A caregiver's acknowledgement, already checked against the care circle. @return whether it changed anything */
    boolean onAcknowledge(Patient p, String episodeId, String caregiverId) {
        if (!states.containsKey(p.patientId())) {
            return false;
        }
        Evaluation e = engine.onAcknowledge(state(p.patientId()), p.profile(), episodeId, caregiverId);
        apply(p.patientId(), e);
        return !e.alerts().isEmpty();
    }

    /** States read back from where another worker left them (a partition this worker now owns). */
    public void restore(Map<String, PatientAlertState> restored) {
        restored.forEach((k, v) -> states.put(k, engine.onStart(v)));
    }

    /**
     * Drops what this worker knew of the patients (their partitions went to another worker): their
     * states, pending changes and pending alerts.
     */
    public void forget(Predicate<String> patient) {
        states.keySet().removeIf(patient);
        dirty.keySet().removeIf(patient);
        alerts.removeIf(a -> patient.test(a.getPatientId()));
    }

    /** The engine's current state of a patient, if it has one. */
    Optional<PatientAlertState> stateOf(String patientId) {
        return Optional.ofNullable(states.get(patientId));
    }

    boolean hasAlerts() {
        return !alerts.isEmpty();
    }

    boolean hasChanges() {
        return !dirty.isEmpty() || !alerts.isEmpty();
    }

    List<Alert> alerts() {
        return alerts;
    }

    Collection<PatientAlertState> changedStates() {
        return dirty.values();
    }

    /** The alerts were handed to a flush. */
    void alertsTaken() {
        alerts.clear();
    }

    /** The changed states were handed to a flush. */
    void statesTaken() {
        dirty.clear();
    }

    private PatientAlertState state(String patientId) {
        return states.computeIfAbsent(patientId, PatientAlertState::initial);
    }

    private void apply(String patientId, Evaluation e) {
        PatientAlertState before = states.get(patientId);
        PatientAlertState after = e.state();
        if (changed(before, after)) {
            states.put(patientId, after);
            if (onlyHeardMoved(before, after)) {
                // not worth a write: a restored state hears from the restart on anyway (AlertEngine#onStart)
                dirty.replace(patientId, after);
            } else {
                dirty.put(patientId, after);
            }
        }
        alerts.addAll(e.alerts());
    }

    /**
     * Whether only the time the patient was last heard of moved, as a tick does for every patient while
     * NO_DATA is held (a backlog): that alone is not committed, or every tick would write every state.
     */
    private static boolean onlyHeardMoved(PatientAlertState before, PatientAlertState after) {
        return before != null
                && before.lastEvaluatedNs() == after.lastEvaluatedNs()
                && before.lastHeardNs() != RuleState.NONE
                && after.equals(before.heardAt(after.lastHeardNs()));
    }

    /**
     * Whether an evaluation changed the state. A reading moves the last evaluated time, which settles it
     * at once; a record's own equals compares the window slot by slot first.
     */
    private static boolean changed(PatientAlertState before, PatientAlertState after) {
        return before != after
                && (before == null || before.lastEvaluatedNs() != after.lastEvaluatedNs() || !after.equals(before));
    }
}
