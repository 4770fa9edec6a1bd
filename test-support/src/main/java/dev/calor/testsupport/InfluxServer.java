package dev.calor.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real InfluxDB 1.x server (Debian's {@code influxd}) on 127.0.0.1 with free ports and its data in a
 * temporary directory. {@link #close()} stops it and deletes the data, also after a failed test.
 */
public final class InfluxServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path config;
    private final int httpPort;
    private final InfluxHttp http;
    private final ServerProcess process;

    private InfluxServer(Path dir, int httpPort) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.config = dir.resolve("influxdb.conf");
        this.http = new InfluxHttp("http://127.0.0.1:" + httpPort);
        this.process = new ServerProcess("influxd", dir.resolve("influxd.log"), START_TIMEOUT, Duration.ofSeconds(15));
    }

    /** Starts influxd from PATH (or {@code $INFLUXD}); fails with a clear message when it is missing. */
    public static InfluxServer start() {
        Path dir = TempDirs.create("calor-influx-");
        InfluxServer server = new InfluxServer(dir, FreePorts.next());
        try {
            server.writeConfig(FreePorts.next());
            server.launch();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dataDir() {
        return dir;
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** Exit value of an influxd that ended by itself (killed, crashed); -1 while it runs or after stop(). */
    public int exitValue() {
        return process.exitValue();
    }

    /** The last lines influxd logged. */
    public String logTail(int lines) {
        return ServerProcess.tail(process.log(), lines);
    }

    /** An HTTP client of this server. */
    public InfluxHttp http() {
        return http;
    }

    public void createDatabase(String db) {
        http.createDatabase(db);
    }

    /** Writes line protocol with nanosecond timestamps. */
    public void write(String db, String lineProtocolNs) {
        http.write(db, lineProtocolNs);
    }

    /** Every row of every series of every statement; keys are the columns plus the series tags. */
    public List<Map<String, Object>> rows(String db, String influxQl) {
        return http.rows(db, influxQl);
    }

    /** The first numeric value of the first row (e.g. of a COUNT query), 0 when there is no row. */
    public long count(String db, String influxQl) {
        return http.count(db, influxQl);
    }

    /** Stops the server, keeping its data and port, e.g. to test an outage. */
    public void stop() {
        process.stop();
    }

    /** Starts it again on the same port with the same data. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private void launch() {
        String binary = System.getenv().getOrDefault("INFLUXD", "influxd");
        process.start(List.of(binary, "-config", config.toString()), http::ping);
    }

    private void writeConfig(int rpcPort) {
        String toml =
                """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"

                [meta]
                  dir = "%s/meta"

                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                  trace-logging-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                  max-body-size = 0

                [monitor]
                  store-enabled = false

                [continuous_queries]
                  enabled = true
                  log-enabled = false
                  run-interval = "1s"
                """
                        .formatted(rpcPort, dir, dir, dir, httpPort);
        try {
            Files.writeString(config, toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
