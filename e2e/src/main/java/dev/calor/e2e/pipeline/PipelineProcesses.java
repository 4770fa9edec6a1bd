package dev.calor.e2e.pipeline;

import dev.calor.testsupport.JavaProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a pipeline on this machine started, in order: Calor's processes (each its own JVM, logging to {@code
 * <dir>/<name>.log} in one format) and the servers and resources it owns. {@link #close()} stops them newest
 * first, also after a failed start, and is safe to call twice. Shared by the single-node and the cluster pipeline.
 */
final class PipelineProcesses implements AutoCloseable {

    /** A broker loading 20 000 users and their care circle needs ≈90 s to listen on two busy cores. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final PipelineFiles files;
    private final Path logback;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, JavaProcess> processes = new LinkedHashMap<>();
    private boolean closed;

    PipelineProcesses(PipelineFiles files) {
        this.files = files;
        this.logback = files.logback();
    }

    /** Starts a Calor main class as process {@code name}, with the JVM options its files give that name. */
    JavaProcess startJava(String name, String mainClass, List<String> args) {
        List<String> jvm = new ArrayList<>(files.jvmOptions(name));
        jvm.add("-Dlogback.configurationFile=" + logback);
        JavaProcess process = JavaProcess.start(jvm, mainClass, args, Map.of(), logOf(name));
        started.push(process);
        processes.put(name, process);
        return process;
    }

    /** Registers something to close with the pipeline (before everything started earlier). */
    <T extends AutoCloseable> T own(T resource) {
        started.push(resource);
        return resource;
    }

    JavaProcess get(String name) {
        return processes.get(name);
    }

    Map<String, JavaProcess> all() {
        return Map.copyOf(processes);
    }

    Path logOf(String name) {
        return files.dir().resolve(name + ".log");
    }

    /** Waits until {@code process} listens on {@code port}; fails when it exits first. */
    static void awaitPort(JavaProcess process, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited at start:\n" + tail(process.log(), 30));
            }
            if (listening(port)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("nothing listens on " + port + " after " + START_TIMEOUT);
    }

    /** Waits until {@code process} logged {@code marker} (it is ready then); fails when it exits first. */
    static void awaitLog(JavaProcess process, String marker, String what) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + ": exited at start:\n" + tail(process.log(), 30));
            }
            if (process.log().contains(marker)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException(what + " within " + START_TIMEOUT + ":\n" + tail(process.log(), 30));
    }

    /** Waits until {@code done}; after {@link #START_TIMEOUT} fails with {@code failure}'s text. */
    static void await(BooleanSupplier done, Supplier<String> failure) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure.get() + " within " + START_TIMEOUT);
            }
            pause();
        }
    }

    /** Waits until something listens on {@code port} of 127.0.0.1. */
    static void awaitListening(int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + START_TIMEOUT);
            }
            pause();
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The last lines of a log. */
    static String tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop " + next, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
