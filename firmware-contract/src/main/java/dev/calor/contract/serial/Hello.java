package dev.calor.contract.serial;

import dev.calor.contract.bytes.LittleEndian;
import dev.calor.proto.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * HELLO payload, sent by the patch at start, after the link returns, and whenever it has heard no bridge
 * frame for a while. Layout (little-endian):
 *
 * <pre>
 * 0  u8   lowest protocol version the patch speaks
 * 1  u8   highest protocol version the patch speaks
 * 2  u16  capabilities (CAP_* bits; undefined bits ignored)
 * 4  u16  sample interval, seconds, 1..65535
 * 6  u16  stored-reading capacity: how many unacknowledged readings the patch keeps
 * 8  u8   device id length n, 1..64
 * 9  n    device id, ASCII [A-Za-z0-9][A-Za-z0-9._-]* (the MQTT topic level and InfluxDB tag)
 * .  u8   firmware version length m, 0..32
 * .  m    firmware version, printable ASCII
 * .  ...  later protocol versions may append fields; version-1 readers ignore them
 * </pre>
 *
 * A HELLO frame is always sent with header version 1 so that every bridge can read it.
 *
 * @param minVersion lowest protocol version spoken
 * @param maxVersion highest protocol version spoken
 * @param capabilities bitwise OR of the {@code CAP_*} constants
 * @param sampleIntervalS current sample interval, seconds
 * @param storedReadingCapacity readings kept until acknowledged
 * @param deviceId device id (also BLE DIS serial number)
 * @param firmwareVersion firmware revision string
 */
public record Hello(
        int minVersion,
        int maxVersion,
        int capabilities,
        int sampleIntervalS,
        int storedReadingCapacity,
        String deviceId,
        String firmwareVersion)
        implements FramePayload {

    /** The patch has a real-time clock and honours TIME_SET. */
    public static final int CAP_CLOCK = 0x0001;
    /** The patch honours SET_INTERVAL. */
    public static final int CAP_SET_INTERVAL = 0x0002;
    /** The patch sends BATTERY frames. */
    public static final int CAP_BATTERY = 0x0004;
    /** The patch keeps unacknowledged readings and retransmits them. */
    public static final int CAP_STORED_READINGS = 0x0008;
    /** The patch detects detachment from the skin. */
    public static final int CAP_DETACH_DETECTION = 0x0010;

    public static final int MAX_DEVICE_ID = 64;
    public static final int MAX_FIRMWARE_VERSION = 32;
    static final int FIXED_LENGTH = 8;

    public Hello {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        String problem = problem(
                minVersion,
                maxVersion,
                capabilities,
                sampleIntervalS,
                storedReadingCapacity,
                deviceId,
                firmwareVersion);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public boolean has(int capability) {
        return (capabilities & capability) == capability;
    }

    @Override
    public FrameType type() {
        return FrameType.HELLO;
    }

    @Override
    public byte[] encode() {
        byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
        byte[] fw = firmwareVersion.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[FIXED_LENGTH + 1 + id.length + 1 + fw.length];
        b[0] = (byte) minVersion;
        b[1] = (byte) maxVersion;
        LittleEndian.putU16(b, 2, capabilities);
        LittleEndian.putU16(b, 4, sampleIntervalS);
        LittleEndian.putU16(b, 6, storedReadingCapacity);
        b[8] = (byte) id.length;
        System.arraycopy(id, 0, b, 9, id.length);
        b[9 + id.length] = (byte) fw.length;
        System.arraycopy(fw, 0, b, 10 + id.length, fw.length);
        return b;
    }

    public static Hello decode(byte[] p) {
        if (p.length < FIXED_LENGTH + 2) {
            throw FramePayload.badPayload(FrameType.HELLO, "payload is " + p.length + " bytes, at least 10 needed");
        }
        int idLength = p[8] & 0xFF;
        int fwAt = 9 + idLength;
        if (fwAt >= p.length) {
            throw FramePayload.badPayload(FrameType.HELLO, "device id length " + idLength + " runs past the payload");
        }
        int fwLength = p[fwAt] & 0xFF;
        if (fwAt + 1 + fwLength > p.length) {
            throw FramePayload.badPayload(
                    FrameType.HELLO, "firmware version length " + fwLength + " runs past the payload");
        }
        String deviceId = new String(p, 9, idLength, StandardCharsets.ISO_8859_1);
        String firmware = new String(p, fwAt + 1, fwLength, StandardCharsets.ISO_8859_1);
        int minVersion = p[0] & 0xFF;
        int maxVersion = p[1] & 0xFF;
        int capabilities = LittleEndian.u16(p, 2);
        int interval = LittleEndian.u16(p, 4);
        int capacity = LittleEndian.u16(p, 6);
        String problem = problem(minVersion, maxVersion, capabilities, interval, capacity, deviceId, firmware);
        if (problem != null) {
            throw FramePayload.badPayload(FrameType.HELLO, problem);
        }
        return new Hello(minVersion, maxVersion, capabilities, interval, capacity, deviceId, firmware);
    }

    private static String problem(
            int minVersion, int maxVersion, int capabilities, int interval, int capacity, String id, String fw) {
        if (minVersion < 1 || maxVersion > 255 || minVersion > maxVersion) {
            return "version range " + minVersion + ".." + maxVersion + " is invalid";
        }
        if (capabilities < 0 || capabilities > 0xFFFF) {
            return "capabilities must be a uint16: " + capabilities;
        }
        if (interval < 1 || interval > 0xFFFF) {
            return "sample interval must be 1..65535 s: " + interval;
        }
        if (capacity < 0 || capacity > 0xFFFF) {
            return "stored-reading capacity must be a uint16: " + capacity;
        }
        if (id.length() > MAX_DEVICE_ID || !Topics.isValidId(id)) {
            return "device id '" + id + "' is not 1..64 characters of [A-Za-z0-9._-] starting alphanumeric";
        }
        if (fw.length() > MAX_FIRMWARE_VERSION) {
            return "firmware version is longer than " + MAX_FIRMWARE_VERSION;
        }
        for (int i = 0; i < fw.length(); i++) {
            char c = fw.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return "firmware version contains a non-printable character at " + i;
            }
        }
        return null;
    }
}
