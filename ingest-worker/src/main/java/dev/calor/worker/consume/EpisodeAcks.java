package dev.calor.worker.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.EpisodeAck;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.Patient;
import dev.calor.worker.metrics.WorkerMetrics;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caregiver's {@code EpisodeAck} from {@code calor/v1/patients/{p}/alerts/ack}. The broker lets only
 * that patient's caregivers publish there with their own id; the worker checks again (topic and body
 * name the same patient, the caregiver belongs to that patient's circle, the episode is open) and counts
 * every refusal by reason.
 */
final class EpisodeAcks {

    private static final Logger REFUSED = LoggerFactory.getLogger("calor.event.ack-refused");

    private final WorkerMetrics metrics;

    EpisodeAcks(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    void handle(InboundMessage m, CareCircle cc, AlertStage alerts) {
        String topicPatient = Topics.patientOfAlertAck(m.topic()).orElse("");
        EpisodeAck ack;
        try {
            ack = EpisodeAck.parseFrom(m.payload());
        } catch (InvalidProtocolBufferException e) {
            refuse("undecodable", m.topic(), e.getMessage());
            return;
        }
        if (!ack.getPatientId().equals(topicPatient)) {
            refuse("patient_mismatch", m.topic(), "body names patient '" + ack.getPatientId() + "'");
            return;
        }
        Optional<Patient> patient = cc.patient(topicPatient);
        if (patient.isEmpty()) {
            refuse("unknown_patient", m.topic(), "no such patient");
            return;
        }
        if (!cc.isCaregiverOf(ack.getCaregiverId(), topicPatient)) {
            refuse("not_a_caregiver", m.topic(), "'" + ack.getCaregiverId() + "' is not a caregiver of this patient");
            return;
        }
        if (!alerts.onAcknowledge(patient.get(), ack.getEpisodeId(), ack.getCaregiverId())) {
            refuse("not_open", m.topic(), "episode '" + ack.getEpisodeId() + "' is not open, unacknowledged and here");
            return;
        }
        metrics.acks.labelValues("accepted").inc();
    }

    private void refuse(String reason, String topic, String detail) {
        metrics.acks.labelValues(reason).inc();
        REFUSED.warn("acknowledgement on {} refused ({}): {}", topic, reason, detail);
    }
}
