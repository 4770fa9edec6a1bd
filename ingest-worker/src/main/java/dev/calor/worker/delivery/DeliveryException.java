package dev.calor.worker.delivery;

/** One delivery attempt failed; {@code permanent} when retrying cannot help (e.g. HTTP 410). */
public final class DeliveryException extends RuntimeException {

    private final boolean permanent;

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
