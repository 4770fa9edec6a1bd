package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded broker: where it keeps its files, what it listens on, and the extension it runs.
 *
 * @param home folder for HiveMQ's generated configuration and (empty) extensions folder
 * @param dataFolder sessions, queues and retained messages (file persistence)
 * @param persistence FILE (default, survives restart) or IN_MEMORY
 * @param tcp the plain MQTT listener
 * @param tls optional MQTT-over-TLS listener
 * @param webSocket optional MQTT-over-WebSocket listener
 * @param maxQueueSize HiveMQ's broker-wide per-client queue limit; the extension raises it for workers
 * @param serverReceiveMaximum QoS 1/2 publishes any one client may have in flight towards the broker
 * @param restrictions HiveMQ's packet, client id, topic, session, connection and keep-alive limits
 * @param extension the Calor extension's settings
 */
public record BrokerConfig(
        Path home,
        Path dataFolder,
        Persistence persistence,
        TcpListener tcp,
        Optional<TlsListener> tls,
        Optional<WebSocketListener> webSocket,
        long maxQueueSize,
        int serverReceiveMaximum,
        Restrictions restrictions,
        ExtensionConfig extension) {

    public static final long DEFAULT_MAX_QUEUE_SIZE = 1000;
    public static final int DEFAULT_SERVER_RECEIVE_MAXIMUM = 10;

    public BrokerConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(dataFolder, "dataFolder");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(restrictions, "restrictions");
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("max queue size must be positive");
        }
        if (serverReceiveMaximum < 1 || serverReceiveMaximum > 65535) {
            throw new IllegalArgumentException("server receive maximum must be in [1, 65535]");
        }
    }

    /**
     * A broker under {@code home} on 127.0.0.1 with a free port, in-memory persistence and no metrics
     * endpoint: what a test wants. Adjust with the builder.
     */
    public static Builder builder(Path home, Path credentialsFile) {
        return new Builder(home, ExtensionConfig.builder(credentialsFile).build());
    }

    public Builder toBuilder() {
        Builder b = new Builder(home, extension);
        b.dataFolder = dataFolder;
        b.persistence = persistence;
        b.tcp = tcp;
        b.tls = tls.orElse(null);
        b.webSocket = webSocket.orElse(null);
        b.maxQueueSize = maxQueueSize;
        b.serverReceiveMaximum = serverReceiveMaximum;
        b.restrictions = restrictions;
        return b;
    }

    static BrokerConfig read(ConfigNode broker, ConfigNode extensionNode) {
        Path home = broker.path("home", Path.of("broker-home"));
        Builder b = new Builder(home, ExtensionConfig.read(extensionNode));
        b.dataFolder = broker.path("data-folder", home.resolve("data"));
        b.persistence = broker.enumValue("persistence", Persistence.class, Persistence.FILE);
        ConfigNode listeners = broker.section("listeners");
        b.tcp = TcpListener.read(listeners.section("tcp"), TcpListener.DEFAULT_PORT);
        b.tls = TlsListener.read(listeners.section("tls")).orElse(null);
        b.webSocket = WebSocketListener.read(listeners.section("websocket")).orElse(null);
        b.maxQueueSize = broker.longInteger("max-queue-size", DEFAULT_MAX_QUEUE_SIZE, 1, 100_000_000);
        b.serverReceiveMaximum = broker.integer("server-receive-maximum", DEFAULT_SERVER_RECEIVE_MAXIMUM, 1, 65535);
        b.restrictions = Restrictions.read(broker.section("restrictions"));
        return b.build();
    }

    public static final class Builder {
        private Path home;
        private Path dataFolder;
        private Persistence persistence = Persistence.IN_MEMORY;
        private TcpListener tcp = new TcpListener("127.0.0.1", 0);
        private TlsListener tls;
        private WebSocketListener webSocket;
        private long maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
        private int serverReceiveMaximum = DEFAULT_SERVER_RECEIVE_MAXIMUM;
        private ExtensionConfig extension;
        private Restrictions restrictions = Restrictions.defaults();

        private Builder(Path home, ExtensionConfig extension) {
            this.home = home;
            this.dataFolder = home.resolve("data");
            this.extension = extension;
        }

        public Builder home(Path folder) {
            this.home = folder;
            return this;
        }

        public Builder dataFolder(Path folder) {
            this.dataFolder = folder;
            return this;
        }

        public Builder persistence(Persistence mode) {
            this.persistence = mode;
            return this;
        }

        /** Port 0 (the default) picks a free port at start. */
        public Builder port(int port) {
            this.tcp = new TcpListener(tcp.bindAddress(), port);
            return this;
        }

        public Builder tcp(TcpListener listener) {
            this.tcp = listener;
            return this;
        }

        public Builder tls(TlsListener listener) {
            this.tls = listener;
            return this;
        }

        public Builder webSocket(WebSocketListener listener) {
            this.webSocket = listener;
            return this;
        }

        public Builder maxQueueSize(long size) {
            this.maxQueueSize = size;
            return this;
        }

        public Builder serverReceiveMaximum(int inFlight) {
            this.serverReceiveMaximum = inFlight;
            return this;
        }

        public Builder restrictions(Restrictions limits) {
            this.restrictions = limits;
            return this;
        }

        public Builder extension(ExtensionConfig config) {
            this.extension = config;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(
                    home,
                    dataFolder,
                    persistence,
                    tcp,
                    Optional.ofNullable(tls),
                    Optional.ofNullable(webSocket),
                    maxQueueSize,
                    serverReceiveMaximum,
                    restrictions,
                    extension);
        }
    }
}
