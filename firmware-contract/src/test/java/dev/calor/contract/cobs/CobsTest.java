package dev.calor.contract.cobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CobsTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({
        "'', 01",
        "00, 0101",
        "0000, 010101",
        "11220033, 03112202 33",
        "11223344, 0511223344",
        "11000000, 02110101 01",
    })
    void encodesAndDecodesTheWikipediaExamples(String raw, String encoded) {
        byte[] data = HEX.parseHex(raw);
        byte[] cobs = HEX.parseHex(encoded.replace(" ", ""));
        assertThat(Cobs.encode(data)).containsExactly(cobs);
        if (data.length > 0) {
            assertThat(Cobs.decode(cobs)).containsExactly(data);
        }
    }

    @Test
    void splitsRunsOf254NonZeroBytes() {
        byte[] data = new byte[254];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i + 1);
        }
        byte[] encoded = Cobs.encode(data);
        assertThat(encoded).hasSize(256);
        assertThat(encoded[0] & 0xFF).isEqualTo(0xFF);
        assertThat(encoded[255]).isEqualTo((byte) 0x01);
        assertThat(Cobs.decode(encoded)).containsExactly(data);
        assertThat(Cobs.maxEncodedLength(254)).isEqualTo(256);
    }

    @Test
    void encodedBlocksNeverContainZero() {
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 7 == 0 ? 0 : i);
        }
        byte[] encoded = Cobs.encode(data);
        assertThat(encoded).doesNotContain((byte) 0);
        assertThat(encoded.length).isLessThanOrEqualTo(Cobs.maxEncodedLength(data.length));
        assertThat(Cobs.decode(encoded)).containsExactly(data);
    }

    @Test
    void rejectsZeroInsideBlock() {
        assertThatThrownBy(() -> Cobs.decode(HEX.parseHex("031100")))
                .isInstanceOf(CobsDecodeException.class)
                .hasMessageContaining("offset 2");
    }

    @Test
    void rejectsCodeRunningPastTheEnd() {
        assertThatThrownBy(() -> Cobs.decode(HEX.parseHex("051122")))
                .isInstanceOf(CobsDecodeException.class)
                .extracting(e -> ((CobsDecodeException) e).position())
                .isEqualTo(0);
    }

    @Test
    void rejectsEmptyBlock() {
        assertThatThrownBy(() -> Cobs.decode(new byte[0])).isInstanceOf(CobsDecodeException.class);
    }
}
