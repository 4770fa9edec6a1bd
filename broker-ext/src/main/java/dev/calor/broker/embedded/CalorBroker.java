package dev.calor.broker.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.extension.CalorExtension;
import dev.calor.broker.extension.CalorExtensionMain;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.proto.CareCircleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE, embedded, with the Calor extension loaded. Used by {@code ./calor broker} and by every
 * module's integration tests:
 *
 * <pre>
 * Path creds = CredentialsFile.builder().device("patch-0001", "pw").worker("worker-1", "pw").write(dir.resolve("credentials.yaml"));
 * try (CalorBroker broker = CalorBroker.start(BrokerConfig.builder(dir, creds).build())) {
 *     int port = broker.mqttPort();
 * }
 * </pre>
 *
 * The builder defaults suit tests: 127.0.0.1, a free port, in-memory persistence. HiveMQ's config, data
 * and extensions folders all live under the configured home, never in the working directory.
 */
public final class CalorBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CalorBroker.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final BrokerConfig config;
    private final EmbeddedHiveMQ hivemq;
    private final CalorExtension extension;
    private final int mqttPort;
    private final Optional<Integer> tlsPort;
    private final Optional<Integer> webSocketPort;
    private volatile boolean closed;

    private CalorBroker(
            BrokerConfig config,
            EmbeddedHiveMQ hivemq,
            CalorExtension extension,
            int mqttPort,
            Optional<Integer> tlsPort,
            Optional<Integer> webSocketPort) {
        this.config = config;
        this.hivemq = hivemq;
        this.extension = extension;
        this.mqttPort = mqttPort;
        this.tlsPort = tlsPort;
        this.webSocketPort = webSocketPort;
    }

    /** Starts a broker with defaults for tests (see {@link BrokerConfig#builder}). */
    public static CalorBroker start(Path home, Path credentialsFile) {
        return start(BrokerConfig.builder(home, credentialsFile).build());
    }

    /**
     * Starts HiveMQ with the extension and waits until both run.
     *
     * @throws IllegalStateException when the broker or the extension does not start (the broker is then stopped)
     */
    public static CalorBroker start(BrokerConfig config) {
        preflight(config.extension());
        int tcp = resolvePort(config.tcp().bindAddress(), config.tcp().port());
        Optional<Integer> tls = config.tls().map(t -> resolvePort(t.bindAddress(), t.port()));
        Optional<Integer> ws = config.webSocket().map(w -> resolvePort(w.bindAddress(), w.port()));
        Path confDir = config.home().resolve("conf");
        Path extensionsDir = config.home().resolve("extensions");
        try {
            Files.createDirectories(confDir);
            Files.createDirectories(extensionsDir);
            Files.createDirectories(config.dataFolder());
            Files.writeString(
                    confDir.resolve("config.xml"),
                    HiveMqConfigXml.render(config, tcp, tls.orElse(0), ws.orElse(0)),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker home " + config.home(), e);
        }
        CalorExtensionMain main = new CalorExtensionMain(config.extension());
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(confDir)
                .withDataFolder(config.dataFolder())
                .withExtensionsFolder(extensionsDir)
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("calor-broker-ext")
                        .withName("Calor")
                        .withVersion(version())
                        .withPriority(1000)
                        .withStartPriority(1000)
                        .withExtensionMain(main)
                        .build())
                .withoutLoggingBootstrap()
                .build();
        long t0 = System.nanoTime();
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            CalorExtension ext = main.started().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info(
                    "Calor broker listening on {}:{} ({} persistence, data in {}) after {} ms",
                    config.tcp().bindAddress(),
                    tcp,
                    config.persistence(),
                    config.dataFolder(),
                    (System.nanoTime() - t0) / 1_000_000);
            return new CalorBroker(config, hivemq, ext, tcp, tls, ws);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            stopQuietly(hivemq);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the Calor broker did not start: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(hivemq);
            throw new IllegalStateException("interrupted while starting the broker", e);
        }
    }

    /** The plain MQTT port on {@link #host()}. */
    public int mqttPort() {
        return mqttPort;
    }

    public String host() {
        return config.tcp().bindAddress();
    }

    public Optional<Integer> tlsPort() {
        return tlsPort;
    }

    public Optional<Integer> webSocketPort() {
        return webSocketPort;
    }

    public Optional<Integer> metricsPort() {
        return extension.metricsPort();
    }

    public BrokerConfig config() {
        return config;
    }

    /** The extension's counters, for assertions in tests. */
    public BrokerMetrics metrics() {
        return extension.metrics();
    }

    /** How many password checks paid the slow hash (the rest were served from the verification cache). */
    public long slowPasswordVerifications() {
        return extension.credentialStore().slowVerifications();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        stopQuietly(hivemq);
        LOG.info("Calor broker stopped after {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private static void stopQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("stopping HiveMQ failed: {}", e.toString());
        }
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("closing HiveMQ failed: {}", e.toString());
        }
    }

    /** Reads both files before HiveMQ starts, so a bad file fails fast with every error listed. */
    private static void preflight(ExtensionConfig config) {
        CredentialsFile.read(config.credentialsFile());
        config.careCircleFile().ifPresent(CareCircleFiles::read);
    }

    private static int resolvePort(String bindAddress, int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + bindAddress, e);
        }
    }

    private static String version() {
        String v = CalorBroker.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
