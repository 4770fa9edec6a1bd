package dev.calor.edgebridge.transport;

/**
 * One link to one patch (a serial port, a BLE peripheral, ...). The bridge owns one transport per
 * configured patch.
 *
 * <p>Life cycle: {@link #start(PatchListener)} once; the transport connects (and reconnects with backoff)
 * on its own threads and reports everything it receives to the listener; {@link #close()} stops it.
 *
 * <p>Delivery contract: a transport reports each measurement to {@link PatchListener#onMeasurement}. The
 * bridge appends it to its durable buffer and, once the buffer has committed it, calls {@link
 * #acknowledge(long, long)}. Only then may the transport tell the patch that it may free the reading
 * (serial: a cumulative ACK frame). A transport whose link has no application-level acknowledgement
 * (BLE indications are confirmed by the stack) treats {@code acknowledge} as a hint and must not block.
 */
public interface PatchTransport extends AutoCloseable {

    /** The configured id of the patch this transport talks to. */
    String deviceId();

    /** The kind of link, for logs and metrics labels (e.g. {@code serial}, {@code ble}). */
    String kind();

    /**
     * Starts connecting in the background and returns at once. Listener callbacks arrive on the
     * transport's own thread(s), in the order the patch sent them, one at a time per transport.
     *
     * @throws IllegalStateException when called twice
     */
    void start(PatchListener listener);

    /**
     * Every reading of {@code bootEpoch} up to and including {@code sequence} is durably stored: the
     * patch may free it. Cumulative, idempotent, callable from any thread; never blocks on I/O for long.
     * An acknowledgement for a link that is down is dropped (the patch resends, the buffer deduplicates).
     */
    void acknowledge(long bootEpoch, long sequence);

    /**
     * The bridge misses readings of {@code bootEpoch} from {@code fromSequence} on: ask the patch to send
     * what it still holds again. The serial patch resends by itself (contract §1.7), so the default does
     * nothing; the BLE transport writes TRANSFER to the Record Control Point.
     */
    default void requestResend(long bootEpoch, long fromSequence) {}

    /** The link's current state. */
    LinkState linkState();

    /** Stops the transport and releases the port/connection. Idempotent; no callbacks after it returns. */
    @Override
    void close();
}
