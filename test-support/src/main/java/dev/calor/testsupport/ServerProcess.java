package dev.calor.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server a fixture runs as a child process: its output goes to a log file, {@link #start} returns once
 * the server answers (and fails with the end of its log when it exits first or stays silent), {@link #stop}
 * ends it with SIGTERM and then SIGKILL, {@link #kill} with SIGKILL at once. After either it may be started
 * again, which is how fixtures restart a server on the same ports and data.
 */
final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final String name;
    private final Path log;
    private final Duration startTimeout;
    private final Duration stopGrace;
    private Process process;

    /**
     * @param name what the server is called in messages ({@code influxd}, {@code kafka})
     * @param log where its standard output and error go (appended across restarts)
     */
    ServerProcess(String name, Path log, Duration startTimeout, Duration stopGrace) {
        this.name = name;
        this.log = log;
        this.startTimeout = startTimeout;
        this.stopGrace = stopGrace;
    }

    /** Runs {@code command} and waits until {@code ready} answers true. */
    void start(List<String> command, BooleanSupplier ready) {
        process = ChildProcesses.start(command, log, null);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start: " + tail(log));
            }
            if (ready.getAsBoolean()) {
                LOG.info("{} {} started", name, process.pid());
                return;
            }
            pause();
        }
        throw new IllegalStateException(name + " did not answer within " + startTimeout + ": " + tail(log));
    }

    /** SIGTERM, then SIGKILL after the grace period; nothing happens when it is not running. */
    void stop() {
        ChildProcesses.stop(process, stopGrace);
        process = null;
    }

    /** SIGKILL: the server flushes nothing. */
    void kill() {
        if (process != null) {
            ChildProcesses.kill(process);
            process = null;
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id while started, -1 otherwise. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Exit value of a server that ended by itself (killed, crashed); -1 while it runs or after stop(). */
    int exitValue() {
        Process p = process;
        return p != null && !p.isAlive() ? p.exitValue() : -1;
    }

    Path log() {
        return log;
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last 20 lines of a log, for failure messages. */
    static String tail(Path log) {
        return tail(log, 20);
    }

    static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
