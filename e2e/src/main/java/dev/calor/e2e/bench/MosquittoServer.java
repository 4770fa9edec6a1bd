package dev.calor.e2e.bench;

import dev.calor.testsupport.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's Mosquitto on 127.0.0.1 with a free port and a temporary configuration: anonymous access, no
 * validation, persistence off or (the benchmark's baseline) on in the temporary folder. {@link #close()}
 * stops it.
 */
public final class MosquittoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MosquittoServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final Process process;

    private MosquittoServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static boolean available() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin");
        return Stream.of((path + ":/usr/sbin").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "mosquitto")));
    }

    /** Without persistence. */
    public static MosquittoServer start() {
        return start(false);
    }

    /**
     * With {@code persistence}, Mosquitto keeps sessions and queued messages in memory and writes them to
     * {@code mosquitto.db} in its folder at its autosave interval (30 min by default) and when it stops;
     * it does not write each message before its PUBACK.
     */
    public static MosquittoServer start(boolean persistence) {
        try {
            Path dir = Files.createTempDirectory("calor-mosquitto-");
            int port = FreePorts.next();
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "listener " + port + " 127.0.0.1",
                            "allow_anonymous true",
                            "persistence " + persistence,
                            "persistence_location " + dir + "/",
                            "max_inflight_messages 0",
                            "max_queued_messages 100000",
                            "log_dest stderr",
                            "log_type error",
                            "log_type warning",
                            ""));
            Process process = new ProcessBuilder(executable(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile())
                    .start();
            MosquittoServer server = new MosquittoServer(dir, port, process);
            server.awaitListening();
            LOG.info("mosquitto {} listening on 127.0.0.1:{}", process.pid(), port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private static String executable() {
        for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "mosquitto";
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("mosquitto exited at start, see " + dir.resolve("mosquitto.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("mosquitto did not listen within " + START_TIMEOUT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}
