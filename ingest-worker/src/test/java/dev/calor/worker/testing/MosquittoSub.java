package dev.calor.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A caregiver's {@code mosquitto_sub} (Debian mosquitto-clients), MQTT 5, QoS 1, printing each message
 * payload as hex on its own line.
 */
public final class MosquittoSub implements AutoCloseable {

    private final Process process;
    private final Path out;

    private MosquittoSub(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    public static MosquittoSub start(int port, String user, String password, String topic, Path dir) {
        Path out = dir.resolve("mosquitto_sub-" + user + ".out");
        try {
            Process p = new ProcessBuilder(
                            "mosquitto_sub",
                            "-V",
                            "mqttv5",
                            "-h",
                            "127.0.0.1",
                            "-p",
                            String.valueOf(port),
                            "-u",
                            user,
                            "-P",
                            password,
                            "-q",
                            "1",
                            "-t",
                            topic,
                            "-F",
                            "%x",
                            "-i",
                            user + "/mosquitto",
                            "-d")
                    .redirectOutput(out.toFile())
                    .redirectError(dir.resolve("mosquitto_sub-" + user + ".err").toFile())
                    .start();
            return new MosquittoSub(p, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto_sub (Debian package mosquitto-clients)", e);
        }
    }

    /** What mosquitto_sub printed so far (stdout and stderr), for failure messages. */
    public String transcript() {
        try {
            Path err = out.resolveSibling(out.getFileName().toString().replace(".out", ".err"));
            return "stdout:\n" + Files.readString(out) + "\nstderr:\n"
                    + (Files.exists(err) ? Files.readString(err) : "") + "\nalive=" + process.isAlive();
        } catch (IOException e) {
            return e.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<byte[]> messages() {
        try {
            return Files.readAllLines(out).stream()
                    .filter(l -> l.trim().matches("[0-9a-f]+"))
                    .map(l -> HexFormat.of().parseHex(l.trim()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
