package dev.calor.edgebridge.transport.serial;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a patch's ACK frames on a thread of its own, so a stalled line (a full USB buffer, a patch that
 * stopped reading) never blocks the intake's writer, which serves every patch. ACKs are cumulative: only the
 * newest per boot epoch waits; older ones are superseded. The write itself is bounded by the port's write
 * time-out.
 */
final class AckWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckWriter.class);

    private final Map<Integer, Long> newest = new ConcurrentHashMap<>();
    private final Semaphore signal = new Semaphore(0);
    private final BiConsumer<Integer, Long> write;
    private final Thread thread;
    private volatile boolean closed;

    AckWriter(String deviceId, BiConsumer<Integer, Long> write) {
        this.write = write;
        this.thread = new Thread(this::run, "calor-serial-ack-" + deviceId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an ACK; returns at once. */
    void acknowledge(int bootEpoch, long sequence) {
        newest.merge(bootEpoch, sequence, Math::max);
        signal.release();
    }

    private void run() {
        while (!closed) {
            try {
                if (!signal.tryAcquire(500, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                signal.drainPermits();
                for (Integer epoch : newest.keySet()) {
                    Long sequence = newest.remove(epoch);
                    if (sequence != null) {
                        write.accept(epoch, sequence);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("ACK write failed; the patch resends and is acknowledged again", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
