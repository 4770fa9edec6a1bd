package dev.calor.contract.gatt;

import dev.calor.contract.ContractException;

/** A GATT characteristic value that does not follow the Calor contract (wrong length, unknown opcode, range). */
public final class GattPayloadException extends ContractException {

    public GattPayloadException(String message) {
        super(message);
    }
}
