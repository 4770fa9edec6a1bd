package dev.calor.contract.gatt;

import dev.calor.contract.ContractException;

/**
 * A GATT characteristic value that does not follow the Calor contract. {@link #reason()} names the failed
 * check with the names the vector files use (CONTRACT.md §4).
 */
public final class GattPayloadException extends ContractException {

    /** Why a value was refused; decoders check in the order listed in CONTRACT.md §3. */
    public enum Reason {
        /** Fewer bytes than the value needs. */
        TOO_SHORT,
        /** More bytes than the value may have. */
        TOO_LONG,
        /** A reserved Calor flag bit of a Stored Record is set. */
        RESERVED_FLAGS,
        /** The 0x2A1C measurement inside a Stored Record is refused by the HTS codec. */
        BAD_MEASUREMENT,
        /** A Record Control Point opcode other than TRANSFER and ACKNOWLEDGE. */
        UNKNOWN_OPCODE,
        /** A field outside its range (e.g. a battery level above 100, an argument to an encoder). */
        OUT_OF_RANGE
    }

    private final Reason reason;

    public GattPayloadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public GattPayloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public GattPayloadException(String message) {
        this(Reason.OUT_OF_RANGE, message);
    }

    public Reason reason() {
        return reason;
    }
}
