package dev.calor.contract.hts;

import dev.calor.contract.ContractException;

/** A Health Thermometer Service characteristic value that does not follow the specification. */
public final class HtsDecodeException extends ContractException {

    public enum Reason {
        /** Fewer bytes than the flags announce. */
        TOO_SHORT,
        /** More bytes than the flags announce. */
        TRAILING_BYTES,
        /** A flag bit that is reserved for future use is set. */
        RESERVED_FLAGS,
        /** A Date Time field is out of range or names a day that does not exist. */
        INVALID_DATE_TIME,
        /** A Temperature Type value that is reserved for future use. */
        UNKNOWN_TEMPERATURE_TYPE,
        /** A value outside the characteristic's valid range. */
        OUT_OF_RANGE
    }

    private final Reason reason;

    public HtsDecodeException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
