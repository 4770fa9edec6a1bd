package dev.calor.sim.serial;

import dev.calor.contract.serial.Frame;
import dev.calor.contract.serial.FrameCodec;
import dev.calor.contract.serial.FrameDecodeException;
import dev.calor.contract.serial.FrameListener;
import dev.calor.contract.serial.FrameStreamDecoder;
import dev.calor.sim.patch.LinkFaults;
import dev.calor.sim.patch.PatchCounters;
import dev.calor.sim.patch.PatchFirmware;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.record.FrameRecorder;
import dev.calor.sim.scenario.Scenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated patch on a serial path: runs {@link PatchFirmware} in wall time on one thread, reads the bridge's
 * frames on another, and reopens the path whenever it vanishes and comes back (a pulled USB adapter, a
 * restarted socat). When the scenario's timeline ends it waits up to {@link #DRAIN_TIMEOUT} for the bridge to
 * acknowledge every reading, then reports {@link #done()}.
 */
public final class SerialPatchRunner implements AutoCloseable {

    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** A lone delimiter: the receiver drops any partial block left from before. */
    private static final byte[] RESYNC = {FrameCodec.DELIMITER};

    private static final Duration TICK = Duration.ofMillis(250);
    private static final Duration REOPEN_POLL = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(SerialPatchRunner.class);
    private static final Logger REJECTED = LoggerFactory.getLogger("calor.event.frame-rejected");

    private final Scenario scenario;
    private final SerialLink link;
    private final PatchListener listener;
    private final Optional<FrameRecorder> recorder;
    private final PatchFirmware firmware;
    private final LinkFaults faults;
    private final ScheduledExecutorService executor;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean running;
    private long nextSampleNanos;
    private long drainDeadlineNanos;

    public SerialPatchRunner(
            Scenario scenario, Path serialPath, Clock clock, PatchListener listener, FrameRecorder recorderOrNull) {
        this.scenario = scenario;
        this.link = new SerialLink(serialPath);
        this.listener = listener;
        this.recorder = Optional.ofNullable(recorderOrNull);
        this.faults = new LinkFaults(
                scenario.link(), scenario.seed(), kind -> LOG.debug("{} injected {}", scenario.deviceId(), kind));
        this.firmware = new PatchFirmware(scenario, clock, this::transmit, listener);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "patch-" + scenario.deviceId()));
        this.reader = daemon(this::readLoop, "patch-" + scenario.deviceId() + "-reader");
    }

    /** Powers the patch on and starts sampling; returns at once. */
    public void start() {
        running = true;
        executor.execute(firmware::powerOn);
        if (link.tryOpen()) {
            link.write(RESYNC);
            listener.onEvent("serial port " + link.path() + " open");
            executor.execute(firmware::portOpened);
        }
        reader.start();
        nextSampleNanos = System.nanoTime();
        executor.execute(this::sampleAndReschedule);
        executor.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(
                "{}: scenario '{}' seed {} on {}, one reading every {} s of scenario time = {} ms wall time",
                scenario.deviceId(),
                scenario.name(),
                scenario.seed(),
                link.path(),
                scenario.sampleInterval().toSeconds(),
                scenario.realSampleInterval().toMillis());
    }

    /** Completes when the scenario has ended and every reading is acknowledged (or the drain timed out). */
    public CompletableFuture<Void> done() {
        return done;
    }

    public PatchCounters counters() {
        return firmware.counters();
    }

    /** Runs {@code query} on the patch thread, so it sees a consistent state. */
    public <T> T inspect(java.util.function.Function<PatchFirmware, T> query) {
        try {
            return executor.submit(() -> query.apply(firmware)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
        recorder.ifPresent(FrameRecorder::close);
        done.complete(null);
        LOG.info("{} stopped: {}", scenario.deviceId(), firmware.counters());
    }

    private void sampleAndReschedule() {
        if (!running) {
            return;
        }
        if (firmware.finished()) {
            drainDeadlineNanos = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            listener.onEvent(
                    "scenario over; waiting for the bridge to acknowledge " + firmware.unacknowledged() + " readings");
            return;
        }
        try {
            firmware.sample();
        } catch (RuntimeException e) {
            LOG.error("{}: sample failed", scenario.deviceId(), e);
        }
        nextSampleNanos += firmware.realInterval().toNanos();
        long delay = Math.max(0, nextSampleNanos - System.nanoTime());
        executor.schedule(this::sampleAndReschedule, delay, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            firmware.tick();
            if (drainDeadlineNanos != 0
                    && (firmware.unacknowledged() == 0 || System.nanoTime() - drainDeadlineNanos > 0)) {
                if (firmware.unacknowledged() > 0) {
                    LOG.warn(
                            "{}: {} readings still unacknowledged at the end",
                            scenario.deviceId(),
                            firmware.unacknowledged());
                }
                done.complete(null);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: patch tick failed", scenario.deviceId(), e);
        }
    }

    private boolean transmit(Frame frame) {
        byte[] wire = FrameCodec.encode(frame);
        boolean ok = true;
        for (byte[] chunk : faults.apply(wire)) {
            if (!link.isOpen() || !link.write(chunk)) {
                ok = false;
                break;
            }
            recorder.ifPresent(r -> r.sent(chunk));
        }
        return ok;
    }

    private void readLoop() {
        FrameStreamDecoder decoder = new FrameStreamDecoder(new FrameListener() {
            @Override
            public void onFrame(Frame frame) {
                post(() -> firmware.onFrame(frame));
            }

            @Override
            public void onError(FrameDecodeException error) {
                firmware.counters().frameRejected();
                REJECTED.info("device={} reason={} {}", scenario.deviceId(), error.reason(), error.getMessage());
            }
        });
        byte[] buf = new byte[1024];
        boolean wasOpen = link.isOpen();
        while (running) {
            if (!link.isOpen()) {
                if (link.tryOpen()) {
                    link.write(RESYNC);
                    decoder.reset();
                    wasOpen = true;
                    listener.onEvent("serial port " + link.path() + " open");
                    post(firmware::portOpened);
                } else {
                    LockSupport.parkNanos(REOPEN_POLL.toNanos());
                    continue;
                }
            }
            int n = link.read(buf);
            if (n < 0 && !running) {
                return; // closing
            }
            if (n < 0) {
                link.close();
                if (wasOpen) {
                    listener.onEvent("serial port " + link.path() + " gone; waiting for it to return");
                    post(firmware::portClosed);
                }
                wasOpen = false;
                continue;
            }
            if (n > 0) {
                byte[] chunk = Arrays.copyOf(buf, n);
                recorder.ifPresent(r -> r.received(chunk));
                decoder.feed(buf, 0, n);
            }
        }
    }

    private void post(Runnable action) {
        try {
            executor.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("{}: patch action failed", scenario.deviceId(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // closing
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
