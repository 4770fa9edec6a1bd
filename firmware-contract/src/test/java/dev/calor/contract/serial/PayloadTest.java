package dev.calor.contract.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.contract.hts.HtsDecodeException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PayloadTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesHelloFieldByField() {
        Hello hello = new Hello(1, 1, 0x001F, 60, 512, "p1", "1.0");
        assertThat(HEX.formatHex(hello.encode())).isEqualTo("01011f003c000002" + "027031" + "03312e30");
    }

    @Test
    void rejectsHelloWithATopicUnsafeDeviceId() {
        byte[] p = new Hello(1, 1, 0, 60, 512, "p1", "").encode();
        p[10] = '/';
        assertBadPayload(FrameType.HELLO, p);
    }

    @Test
    void rejectsHelloWhoseLengthsRunPastThePayload() {
        assertBadPayload(FrameType.HELLO, HEX.parseHex("01011f003c0000020570310000"));
        assertBadPayload(FrameType.HELLO, HEX.parseHex("01011f003c00000202703105"));
    }

    @Test
    void rejectsHelloWithAnEmptyVersionRange() {
        assertBadPayload(FrameType.HELLO, HEX.parseHex("02011f003c000002027031" + "00"));
    }

    @Test
    void helloIgnoresFieldsAppendedByLaterVersions() {
        byte[] p = HEX.parseHex("01021f003c000002027031" + "00" + "abcdef");
        assertThat(Hello.decode(p).deviceId()).isEqualTo("p1");
    }

    @Test
    void measurementWrapsHtsErrors() {
        assertThatThrownBy(() -> Measurement.decode(HEX.parseHex("0001089e0e00fe")))
                .isInstanceOfSatisfying(FrameDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FrameDecodeException.Reason.BAD_PAYLOAD);
                    assertThat(e.getCause()).isInstanceOf(HtsDecodeException.class);
                });
        assertBadPayload(FrameType.MEASUREMENT, HEX.parseHex("0007009e0e00fe"));
        assertBadPayload(FrameType.MEASUREMENT, HEX.parseHex("0001009e0e"));
    }

    @Test
    void rejectsFixedPayloadsOfTheWrongSizeOrRange() {
        assertBadPayload(FrameType.BATTERY, HEX.parseHex("6500"));
        assertBadPayload(FrameType.BATTERY, HEX.parseHex("65"));
        assertBadPayload(FrameType.ACK, HEX.parseHex("0100000001"));
        assertBadPayload(FrameType.TIME_SET, HEX.parseHex("0000000000000080"));
        assertBadPayload(FrameType.SET_INTERVAL, HEX.parseHex("0000"));
        assertBadPayload(FrameType.STATUS, HEX.parseHex("010000"));
    }

    @Test
    void keepsUndefinedStatusAndMeasurementBitsForLaterVersions() {
        assertThat(Status.decode(HEX.parseHex("01800000")).faults()).isEqualTo(0x8001);
        assertThat(Measurement.decode(HEX.parseHex("c001009e0e00fe")).flags()).isEqualTo(0xC0);
    }

    @Test
    void negotiatesTheHighestCommonVersion() {
        assertThat(ProtocolVersion.negotiate(1, 3)).isEqualTo(1);
        assertThat(ProtocolVersion.negotiate(2, 3)).isEqualTo(-1);
    }

    private static void assertBadPayload(FrameType type, byte[] payload) {
        assertThatThrownBy(() -> FramePayload.decode(type, payload))
                .isInstanceOfSatisfying(FrameDecodeException.class, e -> assertThat(e.reason())
                        .isEqualTo(FrameDecodeException.Reason.BAD_PAYLOAD));
    }
}
