package dev.calor.contract.hts;

import dev.calor.contract.hts.HtsDecodeException.Reason;
import dev.calor.contract.ieee11073.Float11073;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The Temperature Measurement characteristic (0x2A1C, also Intermediate Temperature 0x2A1E):
 *
 * <pre>
 * offset size field
 * 0      1    flags: bit0 unit (0 = Celsius, 1 = Fahrenheit), bit1 Time Stamp present, bit2 Temperature Type present,
 *             bits 3..7 reserved (must be 0)
 * 1      4    temperature, IEEE 11073 32-bit FLOAT, little-endian
 * 5      7    Time Stamp (if bit1): year u16 LE (1582..9999, 0 = unknown), month (1..12, 0 = unknown),
 *             day (1..31, 0 = unknown), hours (0..23), minutes (0..59), seconds (0..59)
 * 5 or 12 1   Temperature Type (if bit2), see {@link TemperatureType}
 * </pre>
 *
 * A Date Time whose year, month or day is 0 ("unknown") decodes as no time stamp.
 */
public final class HtsTemperatureMeasurementCodec {

    public static final int FLAG_FAHRENHEIT = 0x01;
    public static final int FLAG_TIMESTAMP = 0x02;
    public static final int FLAG_TYPE = 0x04;
    public static final int FLAGS_RESERVED = 0xF8;
    public static final int MIN_LENGTH = 5;
    public static final int MAX_LENGTH = 13;
    public static final int YEAR_MIN = 1582;
    public static final int YEAR_MAX = 9999;

    private HtsTemperatureMeasurementCodec() {}

    public static int encodedLength(TemperatureMeasurement m) {
        return MIN_LENGTH + (m.timestamp().isPresent() ? 7 : 0) + (m.type().isPresent() ? 1 : 0);
    }

    public static byte[] encode(TemperatureMeasurement m) {
        byte[] out = new byte[encodedLength(m)];
        encode(m, out, 0);
        return out;
    }

    /** Writes {@link #encodedLength} bytes at {@code off}; returns the number written. */
    public static int encode(TemperatureMeasurement m, byte[] out, int off) {
        int flags = (m.unit() == TemperatureUnit.FAHRENHEIT ? FLAG_FAHRENHEIT : 0)
                | (m.timestamp().isPresent() ? FLAG_TIMESTAMP : 0)
                | (m.type().isPresent() ? FLAG_TYPE : 0);
        int p = off;
        out[p++] = (byte) flags;
        Float11073.write(m.floatBits(), out, p);
        p += 4;
        if (m.timestamp().isPresent()) {
            LocalDateTime t = m.timestamp().get();
            out[p++] = (byte) t.getYear();
            out[p++] = (byte) (t.getYear() >>> 8);
            out[p++] = (byte) t.getMonthValue();
            out[p++] = (byte) t.getDayOfMonth();
            out[p++] = (byte) t.getHour();
            out[p++] = (byte) t.getMinute();
            out[p++] = (byte) t.getSecond();
        }
        if (m.type().isPresent()) {
            out[p++] = (byte) m.type().get().code();
        }
        return p - off;
    }

    public static TemperatureMeasurement decode(byte[] value) {
        return decode(value, 0, value.length);
    }

    /**
     * Decodes exactly {@code len} bytes.
     *
     * @throws HtsDecodeException naming the first problem found
     */
    public static TemperatureMeasurement decode(byte[] b, int off, int len) {
        if (len < 1) {
            throw new HtsDecodeException(Reason.TOO_SHORT, "empty Temperature Measurement");
        }
        int flags = b[off] & 0xFF;
        if ((flags & FLAGS_RESERVED) != 0) {
            throw new HtsDecodeException(
                    Reason.RESERVED_FLAGS, String.format("reserved flag bits set: 0x%02X", flags & FLAGS_RESERVED));
        }
        boolean hasTime = (flags & FLAG_TIMESTAMP) != 0;
        boolean hasType = (flags & FLAG_TYPE) != 0;
        int expected = MIN_LENGTH + (hasTime ? 7 : 0) + (hasType ? 1 : 0);
        if (len < expected) {
            throw new HtsDecodeException(
                    Reason.TOO_SHORT,
                    "flags 0x" + Integer.toHexString(flags) + " need " + expected + " bytes, got " + len);
        }
        if (len > expected) {
            throw new HtsDecodeException(
                    Reason.TRAILING_BYTES,
                    "flags 0x" + Integer.toHexString(flags) + " need " + expected + " bytes, got " + len);
        }
        int bits = Float11073.read(b, off + 1);
        int p = off + 5;
        Optional<LocalDateTime> timestamp = Optional.empty();
        if (hasTime) {
            timestamp = dateTime(b, p);
            p += 7;
        }
        Optional<TemperatureType> type = Optional.empty();
        if (hasType) {
            int code = b[p] & 0xFF;
            type = Optional.of(TemperatureType.fromCode(code)
                    .orElseThrow(() -> new HtsDecodeException(
                            Reason.UNKNOWN_TEMPERATURE_TYPE, "reserved temperature type " + code)));
        }
        TemperatureUnit unit = (flags & FLAG_FAHRENHEIT) != 0 ? TemperatureUnit.FAHRENHEIT : TemperatureUnit.CELSIUS;
        return new TemperatureMeasurement(bits, unit, timestamp, type);
    }

    private static Optional<LocalDateTime> dateTime(byte[] b, int p) {
        int year = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
        int month = b[p + 2] & 0xFF;
        int day = b[p + 3] & 0xFF;
        int hour = b[p + 4] & 0xFF;
        int minute = b[p + 5] & 0xFF;
        int second = b[p + 6] & 0xFF;
        if ((year != 0 && (year < YEAR_MIN || year > YEAR_MAX))
                || month > 12
                || day > 31
                || hour > 23
                || minute > 59
                || second > 59) {
            throw new HtsDecodeException(Reason.INVALID_DATE_TIME, dateString(year, month, day, hour, minute, second));
        }
        if (year == 0 || month == 0 || day == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second));
        } catch (DateTimeException e) {
            throw new HtsDecodeException(Reason.INVALID_DATE_TIME, dateString(year, month, day, hour, minute, second));
        }
    }

    private static String dateString(int year, int month, int day, int hour, int minute, int second) {
        return String.format("no such date/time %04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second);
    }
}
