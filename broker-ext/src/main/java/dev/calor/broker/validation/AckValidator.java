package dev.calor.broker.validation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.EpisodeAck;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * A caregiver's acknowledgement on {@code calor/v1/patients/{p}/alerts/ack}: a QoS 1 {@code EpisodeAck} for
 * patient p, an episode, and the caregiver's own id. 0x99 for a malformed ack or another patient, 0x87
 * for an ack in someone else's name.
 */
public final class AckValidator {

    public static final int MAX_ACK_BYTES = 4096;

    private AckValidator() {}

    public static Optional<Rejection> validate(
            ByteBuffer payload, boolean qos1, String topicPatient, Set<String> ownCaregiverIds) {
        if (!qos1) {
            return reject(RejectReason.WRONG_QOS, "acknowledgements must be published with QoS 1");
        }
        if (payload.remaining() > MAX_ACK_BYTES) {
            return reject(RejectReason.PAYLOAD_TOO_LARGE, "ack is " + payload.remaining() + " bytes");
        }
        EpisodeAck ack;
        try {
            ack = EpisodeAck.parseFrom(payload.duplicate());
        } catch (InvalidProtocolBufferException e) {
            return reject(RejectReason.MALFORMED, "not an EpisodeAck: " + e.getMessage());
        }
        if (!SchemaVersions.isSupported(ack.getSchemaVersion())) {
            return reject(
                    ack.getSchemaVersion() == 0 ? RejectReason.MISSING_FIELD : RejectReason.UNSUPPORTED_SCHEMA_VERSION,
                    "ack schema_version " + ack.getSchemaVersion() + " is not supported");
        }
        if (ack.getEpisodeId().isEmpty() || ack.getCaregiverId().isEmpty()) {
            return reject(RejectReason.MISSING_FIELD, "ack needs episode_id and caregiver_id");
        }
        if (!ack.getPatientId().equals(topicPatient)) {
            return reject(
                    RejectReason.PATIENT_MISMATCH,
                    "ack patient_id '" + ack.getPatientId() + "' differs from topic patient '" + topicPatient + "'");
        }
        if (!ownCaregiverIds.contains(ack.getCaregiverId())) {
            return reject(
                    RejectReason.NOT_AUTHORIZED,
                    "ack caregiver_id '" + ack.getCaregiverId() + "' is not the publisher's own caregiver id");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
