package dev.calor.contract.serial;

import dev.calor.contract.hts.HtsDecodeException;
import dev.calor.contract.hts.HtsTemperatureMeasurementCodec;
import dev.calor.contract.hts.TemperatureMeasurement;
import java.util.Objects;

/**
 * MEASUREMENT payload (7..15 bytes): Calor flags u8, body site u8 ({@link BodySite}), then the Temperature
 * Measurement exactly as the BLE characteristic 0x2A1C carries it (5..13 bytes). The reading's sequence
 * number and boot epoch are the frame header's. Undefined flag bits are kept and ignored by receivers.
 *
 * @param flags bitwise OR of the {@code FLAG_*} constants
 * @param site where the patch measures
 * @param temperature the HTS measurement; its time stamp is UTC, absent while the patch clock is unset
 */
public record Measurement(int flags, BodySite site, TemperatureMeasurement temperature) implements FramePayload {

    public static final int MIN_LENGTH = 2 + HtsTemperatureMeasurementCodec.MIN_LENGTH;
    public static final int MAX_LENGTH = 2 + HtsTemperatureMeasurementCodec.MAX_LENGTH;

    /** The patch is not on the skin (it reads ambient). */
    public static final int FLAG_DETACHED = 0x01;
    /** Taken during warm-up after attaching. */
    public static final int FLAG_WARMING_UP = 0x02;
    /** The battery was low when sampled. */
    public static final int FLAG_LOW_BATTERY = 0x04;
    /** The patch clock was never set (no time stamp, or one the bridge must not trust). */
    public static final int FLAG_CLOCK_UNSET = 0x08;
    /** The sensor failed; the temperature is a special value. */
    public static final int FLAG_SENSOR_ERROR = 0x10;
    /** This is a resend of a reading not yet acknowledged. */
    public static final int FLAG_RETRANSMISSION = 0x20;

    public Measurement {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(temperature, "temperature");
        if (flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("flags must be a uint8: " + flags);
        }
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    public Measurement withFlags(int newFlags) {
        return new Measurement(newFlags, site, temperature);
    }

    @Override
    public FrameType type() {
        return FrameType.MEASUREMENT;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[2 + HtsTemperatureMeasurementCodec.encodedLength(temperature)];
        b[0] = (byte) flags;
        b[1] = (byte) site.code();
        HtsTemperatureMeasurementCodec.encode(temperature, b, 2);
        return b;
    }

    public static Measurement decode(byte[] payload) {
        if (payload.length < MIN_LENGTH) {
            throw FramePayload.badPayload(
                    FrameType.MEASUREMENT,
                    "payload is " + payload.length + " bytes, at least " + MIN_LENGTH + " needed");
        }
        int siteCode = payload[1] & 0xFF;
        BodySite site = BodySite.fromCode(siteCode)
                .orElseThrow(() -> FramePayload.badPayload(FrameType.MEASUREMENT, "unknown body site " + siteCode));
        TemperatureMeasurement temperature;
        try {
            temperature = HtsTemperatureMeasurementCodec.decode(payload, 2, payload.length - 2);
        } catch (HtsDecodeException e) {
            throw new FrameDecodeException(FrameDecodeException.Reason.BAD_PAYLOAD, "MEASUREMENT " + e.getMessage(), e);
        }
        return new Measurement(payload[0] & 0xFF, site, temperature);
    }
}
