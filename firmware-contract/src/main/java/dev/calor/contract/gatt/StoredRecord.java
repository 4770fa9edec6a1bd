package dev.calor.contract.gatt;

import dev.calor.contract.bytes.LittleEndian;
import dev.calor.contract.hts.HtsDecodeException;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One reading as the patch keeps it until acknowledged, and as it travels in a Stored Record notification.
 *
 * <p>Wire layout (little endian), 12 to 20 bytes so it fits one notification at the default ATT MTU (23):
 *
 * <pre>
 * offset size field
 *      0    2 boot epoch, low 16 bits of the patch's boot counter
 *      2    4 sequence, per boot epoch, from 1, +1 per reading
 *      6    1 Calor flags, the same bits as the serial MEASUREMENT flags (detached 0x01, warming up 0x02,
 *             low battery 0x04, clock unset 0x08, sensor error 0x10; 0x20..0x80 reserved, must be 0)
 *      7 5-13 the measurement in the Temperature Measurement 0x2A1C layout (flags, FLOAT, [time], [type])
 * </pre>
 *
 * @param bootEpoch 0..65535
 * @param sequence 0..2^32-1
 * @param flags the Calor flags byte
 * @param measurement the 0x2A1C payload, decoded with the HTS codec
 */
public record StoredRecord(int bootEpoch, long sequence, int flags, byte[] measurement) {

    public static final int HEADER_LENGTH = 7;
    /** Shortest 0x2A1C payload: flags and a FLOAT. */
    public static final int MIN_MEASUREMENT_LENGTH = 5;
    /** Longest 0x2A1C payload: flags, FLOAT, Date Time (7) and Temperature Type. */
    public static final int MAX_MEASUREMENT_LENGTH = 13;
    /** Flag bits a Stored Record may carry; the serial link's retransmission bit has no meaning here. */
    public static final int DEFINED_FLAGS = 0x1F;

    public StoredRecord {
        if (bootEpoch < 0 || bootEpoch > 0xFFFF) {
            throw new GattPayloadException("boot epoch out of uint16 range: " + bootEpoch);
        }
        if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
            throw new GattPayloadException("sequence out of uint32 range: " + sequence);
        }
        if ((flags & ~DEFINED_FLAGS) != 0) {
            throw new GattPayloadException(
                    GattPayloadException.Reason.RESERVED_FLAGS,
                    String.format("reserved stored-record flag bits set: 0x%02x", flags));
        }
        if (measurement.length < MIN_MEASUREMENT_LENGTH || measurement.length > MAX_MEASUREMENT_LENGTH) {
            throw new GattPayloadException("measurement must be 5..13 bytes, was " + measurement.length);
        }
        measurement = measurement.clone();
    }

    @Override
    public byte[] measurement() {
        return measurement.clone();
    }

    /**
     * The measurement decoded by the HTS codec; {@link GattPayloadException.Reason#BAD_MEASUREMENT} when it
     * refuses it. {@code decode} followed by this is the whole Stored Record check of CONTRACT.md §3.
     */
    public TemperatureMeasurement temperature() {
        try {
            return HtsTemperatureMeasurementCodec.decode(measurement);
        } catch (HtsDecodeException e) {
            throw new GattPayloadException(
                    GattPayloadException.Reason.BAD_MEASUREMENT,
                    "stored record measurement refused: " + e.getMessage(),
                    e);
        }
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + measurement.length];
        LittleEndian.putU16(out, 0, bootEpoch);
        LittleEndian.putU32(out, 2, sequence);
        out[6] = (byte) flags;
        System.arraycopy(measurement, 0, out, HEADER_LENGTH, measurement.length);
        return out;
    }

    public static StoredRecord decode(byte[] value) {
        if (value.length < HEADER_LENGTH + MIN_MEASUREMENT_LENGTH) {
            throw new GattPayloadException(
                    GattPayloadException.Reason.TOO_SHORT,
                    "stored record truncated: " + value.length + " bytes, need at least 12");
        }
        if (value.length > HEADER_LENGTH + MAX_MEASUREMENT_LENGTH) {
            throw new GattPayloadException(
                    GattPayloadException.Reason.TOO_LONG,
                    "stored record oversized: " + value.length + " bytes, at most 20");
        }
        return new StoredRecord(
                LittleEndian.u16(value, 0),
                LittleEndian.u32(value, 2),
                LittleEndian.u8(value, 6),
                Arrays.copyOfRange(value, HEADER_LENGTH, value.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRecord r
                && r.bootEpoch == bootEpoch
                && r.sequence == sequence
                && r.flags == flags
                && Arrays.equals(r.measurement, measurement);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * bootEpoch + Long.hashCode(sequence)) + flags) + Arrays.hashCode(measurement);
    }

    @Override
    public String toString() {
        return "StoredRecord[bootEpoch=" + bootEpoch + ", sequence=" + sequence + ", flags=0x"
                + Integer.toHexString(flags) + ", measurement=" + HexFormat.of().formatHex(measurement) + "]";
    }
}
