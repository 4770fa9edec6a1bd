package dev.calor.contract.crc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc16Test {

    @Test
    void matchesTheCcittFalseCheckValue() {
        assertThat(Crc16.compute("123456789".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(0x29B1)
                .isEqualTo(Crc16.CHECK);
    }

    @Test
    void ofNothingIsTheInitialValue() {
        assertThat(Crc16.compute(new byte[0])).isEqualTo(0xFFFF);
    }

    @Test
    void incrementalUpdateEqualsOneShot() {
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        int crc = Crc16.update(Crc16.INITIAL, data, 0, 4);
        crc = Crc16.update(crc, data, 4, 5);
        assertThat(crc).isEqualTo(Crc16.CHECK);
    }

    @Test
    void appendingTheCrcMostSignificantByteFirstGivesResidueZero() {
        byte[] data = {0x29, (byte) 0xB1};
        byte[] msg = "123456789".getBytes(StandardCharsets.US_ASCII);
        int crc = Crc16.update(Crc16.compute(msg), data, 0, 2);
        assertThat(crc).isZero();
    }
}
