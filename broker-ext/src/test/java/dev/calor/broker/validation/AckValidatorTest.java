package dev.calor.broker.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.EpisodeAck;
import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AckValidatorTest {

    private final EpisodeAck ack = EpisodeAck.newBuilder()
            .setSchemaVersion(1)
            .setPatientId("P1")
            .setEpisodeId("ep-1")
            .setCaregiverId("mum")
            .build();

    @Test
    void acceptsAnAckOfTheTopicsPatientInTheCaregiversOwnName() {
        assertThat(validate(ack, true)).isEmpty();
    }

    @Test
    void refusesAnAckInAnotherCaregiversNameWithNotAuthorized() {
        Rejection r =
                validate(ack.toBuilder().setCaregiverId("jo").build(), true).orElseThrow();
        assertThat(r.reason()).isEqualTo(RejectReason.NOT_AUTHORIZED);
        assertThat(r.reason().mqttReasonCode()).isEqualTo(0x87);
    }

    @Test
    void refusesMalformedMismatchedAndQos0AcksWithPayloadFormatInvalid() {
        assertThat(validate(ack.toBuilder().setPatientId("P2").build(), true)
                        .orElseThrow()
                        .reason())
                .isEqualTo(RejectReason.PATIENT_MISMATCH);
        assertThat(validate(ack.toBuilder().clearEpisodeId().build(), true)
                        .orElseThrow()
                        .reason())
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(validate(EpisodeAck.getDefaultInstance(), true).orElseThrow().reason())
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(validate(ack, false).orElseThrow().reason()).isEqualTo(RejectReason.WRONG_QOS);
        assertThat(AckValidator.validate(ByteBuffer.wrap(new byte[] {(byte) 0xff}), true, "P1", Set.of("mum"))
                        .orElseThrow()
                        .reason())
                .isEqualTo(RejectReason.MALFORMED);
        assertThat(RejectReason.PATIENT_MISMATCH.mqttReasonCode()).isEqualTo(0x99);
    }

    private static java.util.Optional<Rejection> validate(EpisodeAck a, boolean qos1) {
        return AckValidator.validate(ByteBuffer.wrap(a.toByteArray()), qos1, "P1", Set.of("mum"));
    }
}
