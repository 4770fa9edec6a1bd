package dev.calor.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's HAProxy in TCP mode in front of several MQTT broker nodes on 127.0.0.1. It reads each
 * connection's MQTT CONNECT and picks the node by a consistent hash of the client identifier, so a client
 * keeps reaching the same node while that node is up; a node failing its health check (a TCP connect
 * every 500 ms) takes no new connections and its clients land on the others. {@link #close()} stops it.
 */
public final class HaproxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaproxyServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private Process process;

    private HaproxyServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts HAProxy on a free port in front of {@code brokerPorts} (127.0.0.1, in node order). */
    public static HaproxyServer start(List<Integer> brokerPorts) {
        Path dir = TempDirs.create("calor-haproxy-");
        HaproxyServer server = new HaproxyServer(dir, FreePorts.next());
        try {
            Files.writeString(server.config(), configuration(server.port, brokerPorts));
            server.launch();
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The haproxy.cfg for a frontend on {@code port} balancing over {@code brokerPorts}. */
    public static String configuration(int port, List<Integer> brokerPorts) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < brokerPorts.size(); i++) {
            servers.append("  server node")
                    .append(i + 1)
                    .append(" 127.0.0.1:")
                    .append(brokerPorts.get(i))
                    .append(" check inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions\n");
        }
        return """
                global
                  # no maxconn: HAProxy derives it from the file-descriptor limit it is given

                defaults
                  mode tcp
                  # a connect refused by a dead node is retried once, then on another node
                  retries 2
                  option redispatch
                  timeout connect 2s
                  timeout client 10m
                  timeout server 10m

                frontend mqtt
                  bind 127.0.0.1:%d
                  # wait for a complete MQTT CONNECT packet; anything else is refused
                  tcp-request inspect-delay 5s
                  tcp-request content reject unless { req.payload(0,0),mqtt_is_valid }
                  # read the client id here, where the CONNECT is buffered: HAProxy 2.6 balancing on
                  # req.payload(...) in the backend itself falls back to round robin
                  tcp-request content set-var(sess.client_id) req.payload(0,0),mqtt_field_value(connect,client_identifier)
                  default_backend brokers

                backend brokers
                  balance hash var(sess.client_id)
                  hash-type consistent
                %s"""
                .formatted(port, servers);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        try {
            ChildProcesses.stop(process, Duration.ofSeconds(10));
            process = null;
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private Path config() {
        return dir.resolve("haproxy.cfg");
    }

    private void launch() {
        String binary = System.getenv().getOrDefault("HAPROXY", executable());
        process = ChildProcesses.start(
                List.of(binary, "-db", "-f", config().toString()), dir.resolve("haproxy.log"), null);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "haproxy exited at start: " + ServerProcess.tail(dir.resolve("haproxy.log")));
            }
            if (answers()) {
                LOG.info("haproxy {} listening on 127.0.0.1:{}", process.pid(), port);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("haproxy did not listen on " + port + " within " + START_TIMEOUT);
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String executable() {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "haproxy"))) {
                return Path.of(d, "haproxy").toString();
            }
        }
        return "haproxy";
    }
}
