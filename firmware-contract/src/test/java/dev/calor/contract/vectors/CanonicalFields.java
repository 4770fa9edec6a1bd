package dev.calor.contract.vectors;

import dev.calor.contract.gatt.ControlPointCommand;
import dev.calor.contract.gatt.StoreStatus;
import dev.calor.contract.gatt.StoredRecord;
import dev.calor.contract.hts.TemperatureMeasurement;
import dev.calor.contract.hts.TemperatureUnit;
import dev.calor.contract.ieee11073.Float11073;
import dev.calor.contract.ieee11073.SFloat11073;
import dev.calor.contract.ieee11073.SpecialValue;
import dev.calor.contract.serial.Ack;
import dev.calor.contract.serial.Battery;
import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FramePayload;
import dev.calor.contract.serial.Hello;
import dev.calor.contract.serial.Measurement;
import dev.calor.contract.serial.SetInterval;
import dev.calor.contract.serial.Status;
import dev.calor.contract.serial.TimeSet;
import java.time.LocalDateTime;
import java.util.HexFormat;

/** Decoded values in the canonical text form of the vector files (CONTRACT.md, "Test vectors"). */
final class CanonicalFields {

    private CanonicalFields() {}

    static String ofFloat(int bits) {
        return "mantissa=" + Float11073.mantissa(bits) + " exponent=" + Float11073.exponent(bits) + " special="
                + Float11073.special(bits).map(SpecialValue::name).orElse("-");
    }

    static String ofSFloat(int bits) {
        return "mantissa=" + SFloat11073.mantissa(bits) + " exponent=" + SFloat11073.exponent(bits) + " special="
                + SFloat11073.special(bits).map(SpecialValue::name).orElse("-");
    }

    static String ofHts(TemperatureMeasurement m) {
        return "unit=" + (m.unit() == TemperatureUnit.FAHRENHEIT ? "F" : "C") + " " + ofFloat(m.floatBits()) + " ts="
                + m.timestamp()
                        .map(LocalDateTime::toString)
                        .map(CanonicalFields::seconds)
                        .orElse("-") + " ttype="
                + m.type().map(t -> String.valueOf(t.code())).orElse("-");
    }

    static String ofFrame(Frame f) {
        String header = "version=" + f.version() + " type=" + f.type() + " seq=" + f.sequence() + " boot="
                + f.bootEpoch() + " payload=" + HexFormat.of().formatHex(f.payload());
        FramePayload p = f.decodePayload();
        String body;
        if (p instanceof Hello h) {
            body = "min=" + h.minVersion() + " max=" + h.maxVersion() + " caps=" + h.capabilities() + " interval="
                    + h.sampleIntervalS() + " capacity=" + h.storedReadingCapacity() + " id=" + h.deviceId() + " fw="
                    + h.firmwareVersion();
        } else if (p instanceof Measurement m) {
            body = "flags=" + m.flags() + " site=" + m.site().code() + " " + ofHts(m.temperature());
        } else if (p instanceof Battery b) {
            body = "percent=" + b.percent();
        } else if (p instanceof Status s) {
            body = "faults=" + s.faults() + " unacked=" + s.unacknowledged();
        } else if (p instanceof Ack a) {
            body = "ack_seq=" + a.sequence() + " ack_boot=" + a.bootEpoch();
        } else if (p instanceof TimeSet t) {
            body = "millis=" + t.utcEpochMillis();
        } else {
            body = "seconds=" + ((SetInterval) p).seconds();
        }
        return header + " " + body;
    }

    static String ofStoredRecord(StoredRecord r) {
        return "boot=" + r.bootEpoch() + " seq=" + r.sequence() + " flags=" + r.flags() + " " + ofHts(r.temperature());
    }

    static String ofControlPoint(ControlPointCommand c) {
        if (c instanceof ControlPointCommand.Acknowledge a) {
            return "op=ACKNOWLEDGE boot=" + a.bootEpoch() + " seq=" + a.sequence();
        }
        return "op=TRANSFER";
    }

    static String ofStoreStatus(StoreStatus s) {
        return "boot=" + s.bootEpoch() + " next_seq=" + s.nextSequence() + " held=" + s.storedCount() + " overwritten="
                + s.overwrittenCount();
    }

    /** LocalDateTime.toString() drops ":00" seconds; the canonical form always has them. */
    private static String seconds(String iso) {
        return iso.length() == 16 ? iso + ":00" : iso;
    }
}
