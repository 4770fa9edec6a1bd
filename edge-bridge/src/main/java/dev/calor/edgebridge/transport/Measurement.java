package dev.calor.edgebridge.transport;

import dev.calor.proto.v1.MeasurementSite;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One temperature sample as a transport decoded it, before the bridge maps time and quality.
 *
 * @param deviceId the configured id of the patch
 * @param bootEpoch increments on every patch reboot (unsigned 32-bit, held in a long)
 * @param sequence per boot epoch, increments by one per reading (unsigned 32-bit, held in a long)
 * @param celsius degrees Celsius as measured at {@code site}; NaN for a sensor special value
 * @param site where the temperature was taken
 * @param deviceTime the sample time by the patch's clock, interpreted as UTC by the transport; empty when
 *     the patch sent none or said its clock is unset (the bridge then estimates it and flags the reading)
 * @param qualityFlags bitwise OR of {@code dev.calor.proto.v1.QualityFlag} values the patch reported
 *     (detached, sensor error, warming up, low battery, intermediate, clock unreliable)
 */
public record Measurement(
        String deviceId,
        long bootEpoch,
        long sequence,
        double celsius,
        MeasurementSite site,
        Optional<Instant> deviceTime,
        int qualityFlags) {

    public static final long MAX_UINT32 = 0xFFFF_FFFFL;

    public Measurement {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(deviceTime, "deviceTime");
        if (bootEpoch < 0 || bootEpoch > MAX_UINT32) {
            throw new IllegalArgumentException("bootEpoch out of uint32 range: " + bootEpoch);
        }
        if (sequence < 0 || sequence > MAX_UINT32) {
            throw new IllegalArgumentException("sequence out of uint32 range: " + sequence);
        }
    }
}
