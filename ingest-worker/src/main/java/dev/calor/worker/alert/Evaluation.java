package dev.calor.worker.alert;

import dev.calor.proto.v1.Alert;
import java.util.List;

/** What one engine step produced: the patient's next state and the alerts to record and deliver, in order. */
public record Evaluation(PatientAlertState state, List<Alert> alerts) {

    public Evaluation {
        alerts = List.copyOf(alerts);
    }
}
