package dev.calor.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests: Debian's PostgreSQL 15 started as a local process on 127.0.0.1, a
 * free port, trust authentication and its data in a temporary directory; or, when {@code
 * CALOR_POSTGRES_URL} names one ({@code jdbc:postgresql://host:port/db?user=…}), an existing server. Each
 * {@link #newDatabase()} is a fresh empty database, so test classes do not see each other's rows.
 * {@link #close()} stops a server this fixture started and deletes its data, also after a failed test.
 *
 * <p>{@code initdb} refuses to run as root; as root the fixture hands the directory to the {@code postgres}
 * system user and runs the binaries through {@code runuser}.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
    private static final String SUPERUSER = "calor";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final int port;
    private final String adminUrl;

    private PostgresServer(Path dir, int port, String adminUrl) {
        this.dir = dir;
        this.port = port;
        this.adminUrl = adminUrl;
    }

    /** The server named by {@code CALOR_POSTGRES_URL}, else a local one started now. */
    public static PostgresServer start() {
        String external = System.getenv("CALOR_POSTGRES_URL");
        if (external != null && !external.isBlank()) {
            LOG.info("using the PostgreSQL server at {}", external.replaceAll("password=[^&]*", "password=***"));
            return new PostgresServer(null, -1, external);
        }
        Path dir = TempDirs.create("calor-pg-");
        int port = FreePorts.next();
        PostgresServer server =
                new PostgresServer(dir, port, "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + SUPERUSER);
        Thread reaper = new Thread(server::close, "calor-test-postgres-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            server.initAndStart();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Creates a new empty database and returns its JDBC URL (user included, no password: trust). */
    public String newDatabase() {
        String name = "calor_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    /** JDBC URL of the server's maintenance database. */
    public String adminUrl() {
        return adminUrl;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping PostgreSQL on port {} failed: {}", port, e.getMessage());
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private void initAndStart() {
        if (isRoot()) {
            run(List.of("/bin/chown", "-R", "postgres:postgres", dir.toString()));
        }
        run(List.of(
                "initdb",
                "-D",
                dir.resolve("data").toString(),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--no-instructions"));
        String options =
                "-k " + dir + " -p " + port + " -c listen_addresses=127.0.0.1 -c fsync=off" + " -c max_connections=200";
        run(List.of(
                "pg_ctl",
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("postgres.log").toString(),
                "-o",
                options,
                "-w",
                "-t",
                String.valueOf(TIMEOUT.toSeconds()),
                "start"));
        LOG.info("PostgreSQL started on 127.0.0.1:{} with data in {}", port, dir);
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        String bin = System.getenv().getOrDefault("CALOR_POSTGRES_BIN", DEFAULT_BIN);
        if (isRoot() && !command.get(0).startsWith("/")) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(command.get(0).startsWith("/") ? command.get(0) : bin + "/" + command.get(0));
        full.addAll(command.subList(1, command.size()));
        Path log = dir.resolve("fixture.log");
        Process p = ChildProcesses.start(full, log, null);
        try {
            if (!p.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                ChildProcesses.stop(p, Duration.ofSeconds(5));
                throw new IllegalStateException(command.get(0) + " did not finish within " + TIMEOUT);
            }
            ChildProcesses.stop(p, Duration.ZERO);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " failed (exit " + p.exitValue() + "): "
                        + ServerProcess.tail(log) + "\n" + ServerProcess.tail(dir.resolve("postgres.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
