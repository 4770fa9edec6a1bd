package dev.calor.worker.consume;

import dev.calor.proto.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The processing thread of a consumer, the same for storage and alerting: messages arrive on the broker's
 * (or Kafka's) threads through {@link #submit}; the loop hands them to its {@link Stage} one by one, as many
 * as are queued and the stage's group takes, then lets the stage complete what is due (write and acknowledge,
 * or commit and acknowledge), and runs the stage's periodic tick in between. A stop drains what is queued and
 * completes everything taken. Interrupted or failing, the loop acknowledges nothing more: the broker (or
 * Kafka) redelivers what was not acknowledged.
 */
public final class ConsumeLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeLoop.class);
    /** Longest poll, so that a stop is seen promptly. */
    private static final long MAX_WAIT_NS = 100_000_000L;
    /** Queued by {@link #wake}: never handed to the stage, it only ends the loop's wait. */
    private static final InboundMessage WAKE = new InboundMessage(-1, "", null, () -> {});

    /** What a consumer does with the messages; called on the loop's thread only. */
    public interface Stage {
        /** Takes one message into the current group. */
        void take(InboundMessage m);

        /** Whether the current group is full: the loop then takes no more before {@link #complete}. */
        boolean groupFull();

        /** Monotonic time by which {@link #complete} must run (a flush interval), or {@code Long.MAX_VALUE}. */
        long dueNs();

        /** Periodic work, every tick interval. */
        void tick() throws InterruptedException;

        /**
         * Completes what is due at {@code nowNs}; with {@code stopping}, everything taken, and returns only
         * when it is acknowledged.
         */
        void complete(long nowNs, boolean stopping) throws InterruptedException;

        /** Messages taken and not acknowledged yet (for the log line of an interrupted stop). */
        int unacknowledged();

        /** Releases what the stage holds; runs last, whatever happened. */
        default void close() {}
    }

    private final String name;
    private final Stage stage;
    private final long tickIntervalNs;
    private final BlockingQueue<InboundMessage> inbox = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private volatile Thread thread;

    public ConsumeLoop(String name, Stage stage, Duration tickInterval) {
        this.name = name;
        this.stage = stage;
        this.tickIntervalNs = tickInterval.toNanos();
    }

    /** Called on the consumers' threads. The broker bounds what is in flight, so this never grows unbounded. */
    public void submit(InboundMessage m) {
        inbox.add(m);
    }

    /**
     * Ends the loop's wait so that the stage's {@link Stage#complete} runs now (for instance because a write it
     * waits for has finished); any thread.
     */
    public void wake() {
        inbox.add(WAKE);
    }

    /** Whether messages are waiting to be taken. */
    public boolean hasQueued() {
        return inbox.stream().anyMatch(m -> m != WAKE);
    }

    /** Whether the loop's thread has started and still takes messages. */
    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** Stops after completing what is queued, waiting at most {@code grace}; then interrupts the thread. */
    public void stop(Duration grace) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.join(grace.toMillis());
            if (t.isAlive()) {
                t.interrupt();
                t.join(5_000);
            }
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long nextTickNs = System.nanoTime();
        try {
            while (running || !inbox.isEmpty()) {
                long waitNs = Math.min(nextTickNs, stage.dueNs()) - System.nanoTime();
                InboundMessage m = inbox.poll(Math.max(0, Math.min(waitNs, MAX_WAIT_NS)), TimeUnit.NANOSECONDS);
                if (m != null) {
                    take(m);
                    InboundMessage more;
                    while (!stage.groupFull() && (more = inbox.poll()) != null) {
                        take(more);
                    }
                }
                long now = System.nanoTime();
                if (now >= nextTickNs) {
                    stage.tick();
                    nextTickNs = System.nanoTime() + tickIntervalNs;
                }
                stage.complete(now, false);
            }
            stage.complete(System.nanoTime(), true);
        } catch (InterruptedException e) {
            LOG.info(
                    "{} stopped with {} messages unacknowledged; they will be delivered again",
                    name,
                    stage.unacknowledged());
        } catch (RuntimeException e) {
            LOG.error("{} failed; unacknowledged messages will be delivered again", name, e);
            throw e;
        } finally {
            stage.close();
        }
    }

    /** Acknowledges each message; one that fails is delivered again, which the stages handle. */
    static void acknowledge(Iterable<InboundMessage> messages) {
        for (InboundMessage m : messages) {
            try {
                m.ack().run();
            } catch (RuntimeException e) {
                LOG.warn("acknowledging a message on {} failed (it will be redelivered): {}", m.topic(), e.toString());
            }
        }
    }

    /** Hands one message to the stage with its device id in the logging MDC (structured logs carry it). */
    private void take(InboundMessage m) {
        if (m == WAKE) {
            return;
        }
        Optional<String> device = Topics.deviceOfIngest(m.topic());
        if (device.isEmpty()) {
            stage.take(m);
            return;
        }
        try (MDC.MDCCloseable id = MDC.putCloseable("device_id", device.get())) {
            stage.take(m);
        }
    }
}
