package dev.calor.sim.ble;

/** The simulated BLE patch cannot run (bus unreachable, name taken, export refused). */
public final class BleSimException extends RuntimeException {

    public BleSimException(String message, Throwable cause) {
        super(message, cause);
    }
}
