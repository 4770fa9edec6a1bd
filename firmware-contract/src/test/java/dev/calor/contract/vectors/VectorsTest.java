package dev.calor.contract.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.contract.BootEpochs;
import dev.calor.contract.cobs.Cobs;
import dev.calor.contract.cobs.CobsDecodeException;
import dev.calor.contract.crc.Crc16;
import dev.calor.contract.gatt.ControlPointCommand;
import dev.calor.contract.gatt.GattPayloadException;
import dev.calor.contract.gatt.StoreStatus;
import dev.calor.contract.gatt.StoredRecord;
import dev.calor.contract.hts.HtsDecodeException;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.ieee11073.Float11073;
import dev.calor.contract.ieee11073.SFloat11073;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameDecodeException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs every vector in firmware-contract/vectors/ against the Java codecs (the C runner runs the same files). */
class VectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void thereAreAtLeastFortyVectorsCoveringEveryKindAndEveryFrameError() {
        List<Vector> all = Vector.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        Map<String, Long> kinds = all.stream().collect(Collectors.groupingBy(Vector::kind, Collectors.counting()));
        assertThat(kinds.keySet())
                .containsExactlyInAnyOrder(
                        "crc16",
                        "cobs",
                        "float",
                        "sfloat",
                        "hts",
                        "frame",
                        "stored-record",
                        "control-point",
                        "store-status",
                        "epoch-order");
        assertThat(all.stream()
                        .filter(v -> v.kind().equals("frame"))
                        .map(Vector::expect)
                        .distinct())
                .containsAll(Stream.of(FrameDecodeException.Reason.values())
                        .map(Enum::name)
                        .toList())
                .contains("ok");
        assertThat(all.stream().map(Vector::name).distinct().count()).isEqualTo(all.size());
    }

    @Test
    void gattVectorsCoverEveryGattDecodingErrorAndBothControlPointCommands() {
        List<Vector> gatt =
                Vector.all().stream().filter(v -> v.file().equals("gatt.tsv")).toList();
        assertThat(gatt.stream().map(Vector::expect).distinct())
                .containsAll(Stream.of(GattPayloadException.Reason.values())
                        .filter(r -> r != GattPayloadException.Reason.OUT_OF_RANGE)
                        .map(Enum::name)
                        .toList())
                .contains("ok");
        assertThat(gatt.stream()
                        .filter(v -> v.kind().equals("control-point") && v.ok())
                        .map(Vector::fields))
                .anyMatch(f -> f.equals("op=TRANSFER"))
                .anyMatch(f -> f.startsWith("op=ACKNOWLEDGE"));
        assertThat(gatt.stream().filter(v -> v.kind().equals("stored-record") && v.ok()))
                .hasSizeGreaterThanOrEqualTo(10);
    }

    @TestFactory
    Stream<DynamicTest> everyVector() {
        return Vector.all().stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> run(v)));
    }

    private static void run(Vector v) {
        switch (v.kind()) {
            case "crc16" ->
                assertThat("crc=" + String.format("%04x", Crc16.compute(v.bytes())))
                        .isEqualTo(v.fields());
            case "cobs" -> cobs(v);
            case "float" -> {
                int bits = Float11073.read(v.bytes(), 0);
                assertThat(v.bytes()).hasSize(4);
                assertThat(CanonicalFields.ofFloat(bits)).isEqualTo(v.fields());
            }
            case "sfloat" -> {
                int bits = SFloat11073.read(v.bytes(), 0);
                assertThat(v.bytes()).hasSize(2);
                assertThat(CanonicalFields.ofSFloat(bits)).isEqualTo(v.fields());
            }
            case "hts" ->
                decodes(
                        v,
                        HtsTemperatureMeasurementCodec::decode,
                        CanonicalFields::ofHts,
                        HtsDecodeException.class,
                        e -> ((HtsDecodeException) e).reason().name());
            case "frame" -> frame(v);
            case "stored-record" ->
                gatt(
                        v,
                        b -> {
                            StoredRecord r = StoredRecord.decode(b);
                            r.temperature();
                            return r;
                        },
                        r -> ((StoredRecord) r).encode(),
                        r -> CanonicalFields.ofStoredRecord((StoredRecord) r));
            case "control-point" ->
                gatt(
                        v,
                        ControlPointCommand::decode,
                        c -> ((ControlPointCommand) c).encode(),
                        c -> CanonicalFields.ofControlPoint((ControlPointCommand) c));
            case "store-status" ->
                gatt(
                        v,
                        StoreStatus::decode,
                        s -> ((StoreStatus) s).encode(),
                        s -> CanonicalFields.ofStoreStatus((StoreStatus) s));
            case "epoch-order" -> epochOrder(v);
            default -> throw new IllegalStateException("unknown kind " + v.kind());
        }
    }

    private static void epochOrder(Vector v) {
        byte[] b = v.bytes();
        assertThat(b).hasSize(4);
        int first = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        int second = (b[2] & 0xFF) | (b[3] & 0xFF) << 8;
        if (!v.ok()) {
            assertThat(v.expect()).isEqualTo("EPOCH_UNKNOWN");
            assertThatThrownBy(() -> BootEpochs.compare(first, second)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        int order = BootEpochs.compare(first, second);
        String relation = order == 0 ? "same" : order < 0 ? "newer" : "older";
        assertThat("a=" + first + " b=" + second + " next=" + BootEpochs.next(first) + " b_is=" + relation)
                .isEqualTo(v.fields());
    }

    private static void cobs(Vector v) {
        if (v.ok()) {
            byte[] decoded = Cobs.decode(v.bytes());
            assertThat("decoded=" + HEX.formatHex(decoded)).isEqualTo(v.fields());
            assertThat(Cobs.encode(decoded)).as("re-encoded").containsExactly(v.bytes());
        } else {
            assertThat(v.expect()).isEqualTo("COBS_INVALID");
            assertThatThrownBy(() -> Cobs.decode(v.bytes())).isInstanceOf(CobsDecodeException.class);
        }
    }

    /** Decodes through dev.calor.contract.gatt; an ok value re-encodes to the same bytes. */
    private static void gatt(
            Vector v,
            Function<byte[], Object> decode,
            Function<Object, byte[]> encode,
            Function<Object, String> fields) {
        if (v.ok()) {
            Object decoded = decode.apply(v.bytes());
            assertThat(fields.apply(decoded)).isEqualTo(v.fields());
            assertThat(encode.apply(decoded)).as("re-encoded").containsExactly(v.bytes());
        } else {
            assertThatThrownBy(() -> decode.apply(v.bytes()))
                    .isInstanceOfSatisfying(
                            GattPayloadException.class,
                            e -> assertThat(e.reason().name()).isEqualTo(v.expect()));
        }
    }

    private static void frame(Vector v) {
        decodes(
                v,
                FrameCodec::decode,
                CanonicalFields::ofFrame,
                FrameDecodeException.class,
                e -> ((FrameDecodeException) e).reason().name());
        if (v.ok()) {
            Frame f = FrameCodec.decode(v.bytes());
            assertThat(FrameCodec.encode(f)).as("re-encoded").containsExactly(v.bytes());
        }
    }

    private static <T> void decodes(
            Vector v,
            Function<byte[], T> decode,
            Function<T, String> fields,
            Class<? extends RuntimeException> error,
            Function<Throwable, String> reason) {
        if (v.ok()) {
            T decoded = decode.apply(v.bytes());
            assertThat(fields.apply(decoded)).isEqualTo(v.fields());
            if (decoded instanceof TemperatureMeasurement m && !v.name().contains("unknown-date")) {
                assertThat(HtsTemperatureMeasurementCodec.encode(m))
                        .as("re-encoded")
                        .containsExactly(v.bytes());
            }
        } else {
            assertThatThrownBy(() -> decode.apply(v.bytes()))
                    .isInstanceOf(error)
                    .satisfies(e -> assertThat(reason.apply(e)).isEqualTo(v.expect()));
        }
    }
}
