package dev.calor.e2e.bench;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.alert.Evaluation;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.alert.PatientProfile;
import dev.calor.worker.alert.ReadingInput;
import java.time.Clock;
import java.time.Duration;

/**
 * The worker's own alert engine, with the patient's profile from the pipeline's care circle, replayed in the
 * benchmark on the readings one patch sends: it names the reading with which the patient's fever episode
 * became due, the reading the worker must raise the episode with. Alert latency is measured from that
 * reading's intended send time, so it needs no model of the rules' windows and follows them when they change.
 */
final class FeverReplay {

    private final String deviceId;
    private final PatientProfile profile;
    private final AlertEngine engine = new AlertEngine(Clock.systemUTC(), Duration.ofDays(1));
    private PatientAlertState state;
    private long dueSequence = -1;

    FeverReplay(String deviceId, PatientProfile profile) {
        this.deviceId = deviceId;
        this.profile = profile;
        this.state = PatientAlertState.initial(profile.patientId());
    }

    String patientId() {
        return profile.patientId();
    }

    /** Evaluates a batch's core readings in order; true when one of them made the fever episode due. */
    boolean due(ReadingBatch batch) {
        if (dueSequence >= 0) {
            return false;
        }
        for (Reading r : batch.getReadingsList()) {
            double celsius = r.getTemperatureCelsius();
            Evaluation e = engine.onReading(
                    state, profile, new ReadingInput(deviceId, r.getSampleTimeUnixNs(), celsius, celsius, 0));
            state = e.state();
            for (Alert a : e.alerts()) {
                if (a.getFamily() == AlertFamily.ALERT_FAMILY_FEVER
                        && a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED) {
                    dueSequence = r.getSequence();
                    return true;
                }
            }
        }
        return false;
    }
}
