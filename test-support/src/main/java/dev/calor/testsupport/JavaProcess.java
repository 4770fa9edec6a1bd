package dev.calor.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A component run in its own JVM with the test's classpath, so a test can {@code kill -9} it, restart it,
 * and measure it as a separate process.
 */
public final class JavaProcess implements AutoCloseable {

    private final Process process;
    private final Path logFile;

    private JavaProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    public static JavaProcess start(String mainClass, List<String> args, Map<String, String> env, Path logFile) {
        return start(List.of(), mainClass, args, env, logFile);
    }

    public static JavaProcess start(
            List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> env, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return new JavaProcess(ChildProcesses.start(command, logFile, env), logFile);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code; only meaningful once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("process " + pid() + " still running after " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed; as a power cut for the process. */
    public void kill9() {
        ChildProcesses.kill(process);
    }

    /** SIGTERM and wait (SIGKILL after 20 s). */
    public void stop() {
        ChildProcesses.stop(process, Duration.ofSeconds(20));
    }

    /** What the process printed so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
