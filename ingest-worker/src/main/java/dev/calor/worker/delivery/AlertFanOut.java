package dev.calor.worker.delivery;

import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CaregiverChannel;
import dev.calor.worker.state.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * Who gets an alert: the patient's MQTT alert topic once (the broker lets only that patient's
 * caregivers subscribe), and every webhook of every caregiver of the patient. Each delivery has an
 * idempotency key of its own, derived from the alert id.
 */
public final class AlertFanOut {

    private AlertFanOut() {}

    public static List<Delivery> of(Alert a, CareCircle careCircle) {
        List<Delivery> out = new ArrayList<>();
        out.add(new Delivery(
                a.getAlertId() + "/mqtt", a.getAlertId(), Delivery.MQTT, Topics.alerts(a.getPatientId()), ""));
        for (CaregiverChannel c : careCircle.channelsOf(a.getPatientId())) {
            if (c.isWebhook()) {
                out.add(new Delivery(
                        a.getAlertId() + "/" + c.caregiverId() + "/" + c.index(),
                        a.getAlertId(),
                        Delivery.WEBHOOK,
                        c.webhookUrl(),
                        c.signingSecret()));
            }
        }
        return out;
    }
}
