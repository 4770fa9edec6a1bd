package dev.calor.contract.gatt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StoreStatusTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesEveryFieldLittleEndian() {
        byte[] wire = new StoreStatus(3, 0x00010002L, 40, 2).encode();

        assertThat(HEX.formatHex(wire)).isEqualTo("0300" + "02000100" + "2800" + "0200");
        assertThat(StoreStatus.decode(wire)).isEqualTo(new StoreStatus(3, 0x00010002L, 40, 2));
    }

    @Test
    void rejectsWrongLength() {
        assertThatThrownBy(() -> StoreStatus.decode(new byte[9]))
                .isInstanceOf(GattPayloadException.class)
                .hasMessage("store status must be 10 bytes, was 9");
    }
}
