package dev.calor.edgebridge.buffer;

/** The durable buffer could not be read or written. A reading that met this was not acknowledged. */
public final class BufferException extends RuntimeException {

    public BufferException(String message) {
        super(message);
    }

    public BufferException(String message, Throwable cause) {
        super(message, cause);
    }
}
