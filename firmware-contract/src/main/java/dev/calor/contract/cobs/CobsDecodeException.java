package dev.calor.contract.cobs;

import dev.calor.contract.ContractException;

/** A byte block that is not a valid COBS encoding. */
public final class CobsDecodeException extends ContractException {

    /** Index, relative to the start of the block, of the offending byte. */
    private final int position;

    public CobsDecodeException(String message, int position) {
        super(message + " at offset " + position);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
