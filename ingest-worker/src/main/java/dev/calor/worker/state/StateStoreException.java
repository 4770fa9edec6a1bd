package dev.calor.worker.state;

/** The alert state store could not be read or written. */
public final class StateStoreException extends RuntimeException {

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
