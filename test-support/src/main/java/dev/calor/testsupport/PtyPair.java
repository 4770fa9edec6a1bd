package dev.calor.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real pseudo-terminal pair made by {@code socat}: the patch side and the bridge side are symlinks to
 * two ptys whose bytes socat copies both ways. {@link #unplug()} kills socat so both links vanish, as a
 * USB serial adapter does when pulled; {@link #replug()} brings the same paths back.
 */
public final class PtyPair implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Path patchSide;
    private final Path bridgeSide;
    private final Path log;
    private Process socat;

    private PtyPair(Path dir) {
        this.patchSide = dir.resolve("patch");
        this.bridgeSide = dir.resolve("bridge");
        this.log = dir.resolve("socat.log");
    }

    public static PtyPair open(Path dir) {
        PtyPair pair = new PtyPair(dir);
        pair.replug();
        return pair;
    }

    public Path patchSide() {
        return patchSide;
    }

    public Path bridgeSide() {
        return bridgeSide;
    }

    public boolean isPlugged() {
        return socat != null && socat.isAlive();
    }

    /** Kills socat: both ptys close and both links disappear. */
    public void unplug() {
        if (socat != null) {
            ChildProcesses.kill(socat);
            socat = null;
        }
        deleteLinks();
    }

    /** Starts a new pty pair behind the same link paths. */
    public void replug() {
        unplug();
        socat = ChildProcesses.start(
                List.of("socat", "-d", "pty,raw,echo=0,link=" + patchSide, "pty,raw,echo=0,link=" + bridgeSide),
                log,
                null);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!(Files.exists(patchSide) && Files.exists(bridgeSide))) {
            if (!socat.isAlive()) {
                throw new IllegalStateException("socat exited: " + ServerProcess.tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("socat links not ready within " + READY_TIMEOUT);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        unplug();
    }

    private void deleteLinks() {
        try {
            Files.deleteIfExists(patchSide);
            Files.deleteIfExists(bridgeSide);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
