package dev.calor.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka 4 broker (KRaft, broker and controller in one process) run as its own JVM on
 * 127.0.0.1 with free ports and its log directory in a temporary directory. {@link #stop()} and
 * {@link #kill9()} keep ports and data so {@link #restart()} brings the same cluster back (the "Kafka
 * restarted" case); {@link #close()} stops it and deletes the data, also after a failed test.
 *
 * <p>The server's class path is the {@code kafka_2.13} dependency tree that test-support's build resolved
 * (resource {@code kafka-classpath.txt}); {@code $CALOR_KAFKA_CLASSPATH} overrides it.
 */
public final class KafkaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String CLASSPATH_RESOURCE = "kafka-classpath.txt";

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classPath;
    private final List<String> extraProperties;
    private final ServerProcess process;

    private KafkaServer(Path dir, int port, int controllerPort, String classPath, List<String> extraProperties) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classPath = classPath;
        this.extraProperties = List.copyOf(extraProperties);
        this.process = new ServerProcess("kafka", dir.resolve("kafka.log"), START_TIMEOUT, Duration.ofSeconds(30));
    }

    /** Starts a one-node cluster with {@code num.partitions=4}. */
    public static KafkaServer start() {
        return start(List.of());
    }

    /** Starts a one-node cluster; {@code properties} ({@code key=value}) are added to server.properties. */
    public static KafkaServer start(List<String> properties) {
        Path dir = TempDirs.create("calor-kafka-");
        KafkaServer server = new KafkaServer(dir, FreePorts.next(), FreePorts.next(), classPath(), properties);
        try {
            server.writeConfig();
            server.format();
            server.launch();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:port}, the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.log();
    }

    /** Controlled shutdown (SIGTERM), keeping port and data. */
    public void stop() {
        process.stop();
    }

    /** SIGKILL, keeping port and data: nothing is flushed that the log had not fsynced. */
    public void kill9() {
        process.kill();
    }

    /** Starts it again on the same ports with the same data (stops it first if it runs). */
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

    private void writeConfig() {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true"));
        lines.addAll(extraProperties);
        String logback =
                """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="WARN"/>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="kafka.server.KafkaServer" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.write(config(), lines);
            Files.writeString(dir.resolve("logback.xml"), logback);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() {
        Process tool = ChildProcesses.start(
                // "--cluster-id=": a random id may start with '-', which the tool would read as an option
                java(
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id=" + clusterId(),
                        "--config",
                        config().toString()),
                logFile(),
                null);
        try {
            if (!tool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new IllegalStateException("kafka storage format failed: " + ServerProcess.tail(logFile()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            ChildProcesses.stop(tool, Duration.ofSeconds(5));
        }
    }

    private void launch() {
        process.start(java("kafka.Kafka", config().toString()), () -> ServerProcess.answers(port));
        LOG.info("kafka at {}", bootstrapServers());
    }

    private List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp",
                classPath,
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private Path config() {
        return dir.resolve("server.properties");
    }

    /** A cluster id as Kafka writes them: 16 random bytes, URL-safe base64 without padding. */
    private static String clusterId() {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private static String classPath() {
        String override = System.getenv("CALOR_KAFKA_CLASSPATH");
        if (override != null && !override.isBlank()) {
            return override;
        }
        try (InputStream in = KafkaServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE
                        + " is missing: build test-support with Maven (or set CALOR_KAFKA_CLASSPATH)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
