package dev.calor.contract.serial;

import dev.calor.proto.v1.MeasurementSite;
import java.util.Optional;

/**
 * Where the patch measures, as sent in a MEASUREMENT. Codes equal {@code calor.v1.MeasurementSite}
 * numbers. The HTS Temperature Type has no "skin", the usual patch site, hence this byte.
 */
public enum BodySite {
    UNSPECIFIED(0, MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED),
    SKIN(1, MeasurementSite.MEASUREMENT_SITE_SKIN),
    AXILLA(2, MeasurementSite.MEASUREMENT_SITE_AXILLA),
    CORE(3, MeasurementSite.MEASUREMENT_SITE_CORE),
    ORAL(4, MeasurementSite.MEASUREMENT_SITE_ORAL),
    RECTAL(5, MeasurementSite.MEASUREMENT_SITE_RECTAL),
    TYMPANIC(6, MeasurementSite.MEASUREMENT_SITE_TYMPANIC);

    private final int code;
    private final MeasurementSite proto;

    BodySite(int code, MeasurementSite proto) {
        this.code = code;
        this.proto = proto;
    }

    public int code() {
        return code;
    }

    public MeasurementSite toProto() {
        return proto;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<BodySite> fromCode(int code) {
        for (BodySite s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
