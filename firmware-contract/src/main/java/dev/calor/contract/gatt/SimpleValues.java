package dev.calor.contract.gatt;

import dev.calor.contract.bytes.LittleEndian;
import java.nio.charset.StandardCharsets;

/**
 * Codecs of the small standard values a Calor patch exposes: Battery Level 0x2A19 (uint8 percent),
 * Measurement Interval 0x2A21 (uint16 seconds, little endian, within the Valid Range descriptor 0x2906),
 * and the UTF-8 strings of the Device Information service.
 */
public final class SimpleValues {

    /** Lower bound of the Measurement Interval Valid Range descriptor of a Calor patch, seconds. */
    public static final int MIN_INTERVAL_SECONDS = 1;
    /** Upper bound of the Measurement Interval Valid Range descriptor of a Calor patch, seconds (one hour). */
    public static final int MAX_INTERVAL_SECONDS = 3600;

    private SimpleValues() {}

    public static int decodeBatteryLevel(byte[] value) {
        if (value.length != 1) {
            throw new GattPayloadException("battery level must be 1 byte, was " + value.length);
        }
        int percent = LittleEndian.u8(value, 0);
        if (percent > 100) {
            throw new GattPayloadException("battery level above 100 %: " + percent);
        }
        return percent;
    }

    public static byte[] encodeBatteryLevel(int percent) {
        if (percent < 0 || percent > 100) {
            throw new GattPayloadException("battery level must be 0..100, was " + percent);
        }
        return new byte[] {(byte) percent};
    }

    /** Decodes a Measurement Interval; 0 means "no periodic measurement" in HTS and is returned as is. */
    public static int decodeMeasurementInterval(byte[] value) {
        if (value.length != 2) {
            throw new GattPayloadException("measurement interval must be 2 bytes, was " + value.length);
        }
        return LittleEndian.u16(value, 0);
    }

    /** Encodes a Measurement Interval, refusing what the patch's Valid Range would refuse. */
    public static byte[] encodeMeasurementInterval(int seconds) {
        requireIntervalInRange(seconds);
        byte[] out = new byte[2];
        LittleEndian.putU16(out, 0, seconds);
        return out;
    }

    public static void requireIntervalInRange(int seconds) {
        if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS) {
            throw new GattPayloadException("measurement interval must be " + MIN_INTERVAL_SECONDS + ".."
                    + MAX_INTERVAL_SECONDS + " s, was " + seconds);
        }
    }

    /** The Valid Range descriptor (0x2906) value of the Measurement Interval: lower and upper bound, uint16 LE. */
    public static byte[] measurementIntervalValidRange() {
        byte[] out = new byte[4];
        LittleEndian.putU16(out, 0, MIN_INTERVAL_SECONDS);
        LittleEndian.putU16(out, 2, MAX_INTERVAL_SECONDS);
        return out;
    }

    public static String decodeString(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    public static byte[] encodeString(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
