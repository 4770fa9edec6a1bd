package dev.calor.edgebridge.transport.serial;

import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.edgebridge.transport.ContractMapping;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.RejectReason;
import dev.calor.proto.v1.MeasurementSite;
import java.time.Instant;
import java.util.Optional;

/** Maps serial contract frames to the transport-neutral SPI. Pure. */
final class SerialFrames {

    private SerialFrames() {}

    static Measurement measurement(String deviceId, Frame frame, dev.calor.contract.serial.Measurement m) {
        Optional<Instant> deviceTime = ContractMapping.clockUnset(m.flags())
                ? Optional.empty()
                : m.temperature().timestamp().map(TimeConversions::deviceTime);
        return new Measurement(
                deviceId,
                frame.bootEpoch(),
                frame.sequence(),
                m.temperature().celsius(),
                ContractMapping.site(m.site(), m.temperature().type(), MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED),
                deviceTime,
                ContractMapping.qualityFlags(m.flags()));
    }

    static RejectReason reasonOf(FrameDecodeException.Reason reason) {
        return switch (reason) {
            case COBS_INVALID, BAD_CRC -> RejectReason.CORRUPTED;
            case TOO_SHORT, TOO_LONG, LENGTH_MISMATCH, BAD_PAYLOAD -> RejectReason.MALFORMED;
            case UNSUPPORTED_VERSION, UNKNOWN_TYPE -> RejectReason.UNSUPPORTED;
        };
    }
}
