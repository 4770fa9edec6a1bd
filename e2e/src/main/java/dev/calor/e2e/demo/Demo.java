package dev.calor.e2e.demo;

import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.InfluxHttp;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PtyPair;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One demo run: starts influxd (unless given one), the broker with the Calor extension, the ingest
 * worker, the edge bridge and a simulated patch on a real pty, each in its own process, and shows what
 * happens. {@link #close()} stops everything it started, in reverse order, and is safe to call twice.
 */
final class Demo implements AutoCloseable {

    static final String BROKER_MAIN = "dev.calor.broker.BrokerMain";
    static final String WORKER_MAIN = "dev.calor.worker.WorkerMain";
    static final String BRIDGE_MAIN = "dev.calor.edgebridge.BridgeMain";
    static final String SIM_MAIN = "dev.calor.sim.SimMain";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\w+)\\s+(\\S+) - (.*)$");

    private final DemoOptions options;
    private final DemoConsole console;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, JavaProcess> components = new java.util.LinkedHashMap<>();
    private InfluxHttp influx;
    private AlertWatcher alerts;
    private boolean closed;

    Demo(DemoOptions options, DemoConsole console) {
        this.options = options;
        this.console = console;
    }

    DemoSummary run() throws InterruptedException {
        Path dir = prepareRunDir();
        DemoFiles files = new DemoFiles(dir, options, HexFormat.of().formatHex(new SecureRandom().generateSeed(12)));
        console.banner("Calor demo: run directory " + dir + " (configs and logs)");

        startInflux();
        int brokerPort = FreePorts.next();
        Path careCircle = files.careCircle();
        Path logback = files.logback();
        startComponent(
                "broker",
                BROKER_MAIN,
                files.broker(brokerPort, files.credentials(), careCircle, FreePorts.next()),
                logback,
                dir);
        awaitPort("broker", brokerPort);
        console.line("broker", "HiveMQ CE with the Calor extension listening on 127.0.0.1:" + brokerPort);

        startComponent(
                "worker",
                WORKER_MAIN,
                files.worker(brokerPort, influx.url(), careCircle, FreePorts.next()),
                logback,
                dir);
        PtyPair pty = PtyPair.open(createDirectory(dir.resolve("pty")));
        started.push(pty);
        console.line("pty", "patch side " + realPath(pty.patchSide()) + ", bridge side " + realPath(pty.bridgeSide()));
        startComponent(
                "bridge", BRIDGE_MAIN, files.bridge(brokerPort, pty.bridgeSide(), FreePorts.next()), logback, dir);
        alerts = new AlertWatcher(brokerPort, DemoFiles.CAREGIVER, files.secret(), DemoFiles.PATIENT, console);
        started.push(alerts);
        console.line(DemoFiles.CAREGIVER, "subscribed to Rose's alerts as caregiver '" + DemoFiles.CAREGIVER + "'");
        startProcess(
                "patch",
                SIM_MAIN,
                List.of(
                        "--scenario", options.scenario().toString(),
                        "--serial", pty.patchSide().toString(),
                        "--device-id", DemoFiles.DEVICE,
                        "--acceleration", Double.toString(options.acceleration())),
                logback,
                dir);
        printQueryHelp();
        return watch();
    }

    private DemoSummary watch() throws InterruptedException {
        long deadline = options.duration() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + options.duration().toNanos();
        long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
        boolean patchDone = false;
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, JavaProcess> component : components.entrySet()) {
                JavaProcess process = component.getValue();
                if (process.isAlive()) {
                    continue;
                }
                if (component.getKey().equals("patch")) {
                    if (!patchDone) {
                        patchDone = true;
                        console.line(
                                "patch",
                                "scenario over (exit " + process.exitValue()
                                        + "); the pipeline stays up for your queries"
                                        + (options.duration() == null ? ", Ctrl-C to stop" : ""));
                    }
                } else {
                    console.line(component.getKey(), "exited unexpectedly (" + process.exitValue() + "); last lines:");
                    tail(process.log(), 15).forEach(l -> console.line(component.getKey(), l));
                    return summary();
                }
            }
            if (System.nanoTime() >= nextStatus) {
                nextStatus += STATUS_EVERY.toNanos();
                console.line(
                        "influxdb",
                        storedReadings() + " readings of " + DemoFiles.DEVICE + " stored in '" + options.database()
                                + "'");
            }
            Thread.sleep(200);
        }
        return summary();
    }

    private DemoSummary summary() {
        long stored = storedReadings();
        List<ReceivedAlert> received = alerts == null ? List.of() : alerts.received();
        DemoSummary summary = new DemoSummary(stored, received);
        console.banner("");
        console.banner("Summary: " + stored + " readings stored in InfluxDB; " + received.size()
                + " alerts delivered to the caregiver; fever raised: " + yesNo(summary.feverRaised())
                + ", fever cleared: " + yesNo(summary.feverCleared()));
        return summary;
    }

    private long storedReadings() {
        try {
            return influx.count(
                    options.database(),
                    "SELECT count(seq) FROM body_temperature WHERE device_id = '" + DemoFiles.DEVICE + "'");
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void startInflux() {
        if (options.influxUrl() == null) {
            InfluxServer server = InfluxServer.start();
            started.push(server);
            influx = server.http();
            console.line("influxdb", "influxd started at " + influx.url() + " (data in " + server.dataDir() + ")");
        } else {
            influx = new InfluxHttp(options.influxUrl());
            if (!influx.ping()) {
                throw new IllegalStateException("no InfluxDB answers /ping at " + options.influxUrl());
            }
            console.line("influxdb", "using " + influx.url());
        }
        influx.createDatabase(options.database());
    }

    private void startComponent(String name, String mainClass, Path config, Path logback, Path dir) {
        startProcess(name, mainClass, List.of("--config", config.toString()), logback, dir);
    }

    private void startProcess(String name, String mainClass, List<String> args, Path logback, Path dir) {
        JavaProcess process = JavaProcess.start(
                List.of("-Xmx512m", "-Dlogback.configurationFile=" + logback),
                mainClass,
                args,
                Map.of(),
                dir.resolve(name + ".log"));
        started.push(process);
        components.put(name, process);
        started.push(new LogFollower(dir.resolve(name + ".log"), name, line -> shown(name, line), console));
    }

    /** What of a component's output the demo prints: the patch's readings, batches, refusals, problems. */
    private static String shown(String component, String line) {
        var log = LOG_LINE.matcher(line);
        if (!log.matches()) {
            return component.equals("patch") && !line.isBlank() ? line.strip() : null;
        }
        String level = log.group(1);
        String logger = log.group(2);
        String message = log.group(3);
        if (level.equals("WARN") || level.equals("ERROR")) {
            return level + " " + message;
        }
        if (component.equals("bridge") && message.startsWith("published")) {
            return message;
        }
        if (logger.startsWith("calor.event.") && !component.equals("worker")) {
            return logger.substring("calor.event.".length()) + ": " + message;
        }
        if (component.equals("worker") && logger.startsWith("calor.event.alert")) {
            return logger.substring("calor.event.".length()) + ": " + message;
        }
        return null;
    }

    private void printQueryHelp() {
        String query = "SELECT celsius, core_celsius, seq FROM body_temperature WHERE device_id = '" + DemoFiles.DEVICE
                + "' AND time > now() - 15m";
        console.banner("");
        console.banner("InfluxDB: " + influx.url() + "   database: " + options.database());
        console.banner("Query it from another terminal while the demo runs:");
        console.banner("  curl -sG '" + influx.url() + "/query' --data-urlencode 'db=" + options.database()
                + "' --data-urlencode \"q=" + query + "\"");
        console.banner("  curl -sG '" + influx.url() + "/query' --data-urlencode 'db=" + options.database()
                + "' --data-urlencode \"q=SELECT * FROM alerts\"");
        console.banner("");
    }

    private void awaitPort(String name, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        JavaProcess process = components.get(name);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited at start:\n" + String.join("\n", tail(process.log(), 30)));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException(name + " does not listen on " + port + " after " + START_TIMEOUT);
    }

    private Path prepareRunDir() {
        Path dir = options.runDir();
        TempDirs.deleteRecursively(dir);
        try {
            return Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String realPath(Path link) {
        try {
            return link.toRealPath().toString();
        } catch (IOException e) {
            return link.toString();
        }
    }

    private static List<String> tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "NO";
    }

    /** Stops the patch first and InfluxDB last, so nothing in flight is cut off mid-way. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                console.line("demo", "could not stop " + next + ": " + e.getMessage());
            }
        }
        console.line("demo", "every process the demo started has stopped");
    }
}
