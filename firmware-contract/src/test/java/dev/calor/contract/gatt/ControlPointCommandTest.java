package dev.calor.contract.gatt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ControlPointCommandTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void transferIsTheSingleOpcodeByte() {
        assertThat(HEX.formatHex(new ControlPointCommand.Transfer().encode())).isEqualTo("01");
        assertThat(ControlPointCommand.decode(HEX.parseHex("01"))).isEqualTo(new ControlPointCommand.Transfer());
    }

    @Test
    void acknowledgeCarriesEpochAndSequenceLittleEndian() {
        var ack = new ControlPointCommand.Acknowledge(7, 0x01020304L);

        assertThat(HEX.formatHex(ack.encode())).isEqualTo("02" + "0700" + "04030201");
        assertThat(ControlPointCommand.decode(ack.encode())).isEqualTo(ack);
    }

    @Test
    void rejectsUnknownOpcode() {
        assertThatThrownBy(() -> ControlPointCommand.decode(HEX.parseHex("7f")))
                .isInstanceOf(GattPayloadException.class)
                .hasMessage("unknown control point opcode 0x7f")
                .extracting(e -> ((GattPayloadException) e).reason())
                .isEqualTo(GattPayloadException.Reason.UNKNOWN_OPCODE);
    }

    @Test
    void rejectsAcknowledgeOfWrongLength() {
        assertThatThrownBy(() -> ControlPointCommand.decode(HEX.parseHex("02070004030201ff")))
                .isInstanceOf(GattPayloadException.class)
                .hasMessage("ACKNOWLEDGE must be 7 bytes, was 8")
                .extracting(e -> ((GattPayloadException) e).reason())
                .isEqualTo(GattPayloadException.Reason.TOO_LONG);
    }

    @Test
    void rejectsEmptyWrite() {
        assertThatThrownBy(() -> ControlPointCommand.decode(new byte[0])).isInstanceOf(GattPayloadException.class);
    }
}
