package dev.calor.sim.fleet;

import dev.calor.proto.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable, validated fleet run. Build one with {@link #builder()}; {@link Builder#build()} reports
 * every error at once.
 *
 * @param brokerHost MQTT broker host
 * @param brokerPort MQTT broker port
 * @param devices number of simulated patches
 * @param deviceIdPrefix device ids are this prefix plus a six-digit index from 000001
 * @param passwordTemplate each device's password; {@code {device}} is replaced by its id
 * @param mode what the run does
 * @param readingsPerSecond STEADY: total readings per second of the fleet; 0 = as fast as the
 *     in-flight window allows
 * @param duration STEADY: how long to publish
 * @param batchSize STEADY: readings per published batch
 * @param window PEAK: patches start connecting spread evenly over this window; STORM: same for every
 *     reconnect wave
 * @param backlog PEAK: readings each patch flushes
 * @param backlogBatchSize PEAK: the backlog goes out in batches of at most this many readings
 * @param stormCycles STORM: how many times the whole fleet disconnects and reconnects
 * @param sampleInterval the patches' sampling interval (spacing of sample times in a backlog)
 * @param maxConnectsInFlight connection attempts outstanding at once
 * @param maxOpenConnections PEAK: connections open at once (each patch disconnects after its flush)
 * @param maxPublishesInFlight publishes awaiting their PUBACK at once
 * @param connectTimeout how long one connection attempt may take
 * @param ackTimeout how long a publish may wait for its PUBACK before it counts as unacknowledged
 * @param seed seed of the simulated physiology
 */
public record FleetConfig(
        String brokerHost,
        int brokerPort,
        int devices,
        String deviceIdPrefix,
        String passwordTemplate,
        FleetMode mode,
        double readingsPerSecond,
        Duration duration,
        int batchSize,
        Duration window,
        int backlog,
        int backlogBatchSize,
        int stormCycles,
        Duration sampleInterval,
        int maxConnectsInFlight,
        int maxOpenConnections,
        int maxPublishesInFlight,
        Duration connectTimeout,
        Duration ackTimeout,
        long seed) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 1883;
    public static final String DEFAULT_PREFIX = "fleet-";
    public static final String DEFAULT_PASSWORD_TEMPLATE = "fleet-secret-{device}";
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    public static final int DEFAULT_BATCH_SIZE = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final int DEFAULT_BACKLOG = 60;
    public static final int DEFAULT_STORM_CYCLES = 3;
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTS_IN_FLIGHT = 200;
    /** Below this machine's hard open-files limit of 20 000 with room for the JVM's own files. */
    public static final int DEFAULT_MAX_OPEN_CONNECTIONS = 15_000;

    public static final int DEFAULT_MAX_PUBLISHES_IN_FLIGHT = 2_000;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_DEVICES = 1_000_000;

    public FleetConfig {
        List<String> errors = errorsOf(
                brokerHost,
                brokerPort,
                devices,
                deviceIdPrefix,
                passwordTemplate,
                mode,
                readingsPerSecond,
                duration,
                batchSize,
                window,
                backlog,
                backlogBatchSize,
                stormCycles,
                sampleInterval,
                maxConnectsInFlight,
                maxOpenConnections,
                maxPublishesInFlight,
                connectTimeout,
                ackTimeout);
        if (!errors.isEmpty()) {
            throw new FleetConfigException(errors);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .broker(brokerHost, brokerPort)
                .devices(devices)
                .deviceIdPrefix(deviceIdPrefix)
                .passwordTemplate(passwordTemplate)
                .mode(mode)
                .readingsPerSecond(readingsPerSecond)
                .duration(duration)
                .batchSize(batchSize)
                .window(window)
                .backlog(backlog)
                .backlogBatchSize(backlogBatchSize)
                .stormCycles(stormCycles)
                .sampleInterval(sampleInterval)
                .maxConnectsInFlight(maxConnectsInFlight)
                .maxOpenConnections(maxOpenConnections)
                .maxPublishesInFlight(maxPublishesInFlight)
                .connectTimeout(connectTimeout)
                .ackTimeout(ackTimeout)
                .seed(seed);
    }

    /** The id of the patch with the given zero-based index. */
    public String deviceId(int index) {
        return deviceIdPrefix + String.format("%06d", index + 1);
    }

    public String password(String deviceId) {
        return passwordTemplate.replace("{device}", deviceId);
    }

    private static List<String> errorsOf(
            String brokerHost,
            int brokerPort,
            int devices,
            String deviceIdPrefix,
            String passwordTemplate,
            FleetMode mode,
            double readingsPerSecond,
            Duration duration,
            int batchSize,
            Duration window,
            int backlog,
            int backlogBatchSize,
            int stormCycles,
            Duration sampleInterval,
            int maxConnectsInFlight,
            int maxOpenConnections,
            int maxPublishesInFlight,
            Duration connectTimeout,
            Duration ackTimeout) {
        List<String> errors = new ArrayList<>();
        if (brokerHost == null || brokerHost.isBlank()) {
            errors.add("broker host must not be empty");
        }
        if (brokerPort < 1 || brokerPort > 65_535) {
            errors.add("broker port must be in [1, 65535]: " + brokerPort);
        }
        if (devices < 1 || devices > MAX_DEVICES) {
            errors.add("devices must be in [1, " + MAX_DEVICES + "]: " + devices);
        }
        if (deviceIdPrefix == null || !Topics.isValidId(deviceIdPrefix + "000001")) {
            errors.add("device id prefix must make valid device ids (letters, digits, '.', '_', '-'): '"
                    + deviceIdPrefix + "'");
        }
        if (passwordTemplate == null) {
            errors.add("password template must be set");
        }
        if (mode == null) {
            errors.add("mode must be one of STEADY, PEAK, STORM");
        }
        if (!(readingsPerSecond >= 0) || Double.isInfinite(readingsPerSecond)) {
            errors.add("readings per second must be >= 0 (0 = unthrottled): " + readingsPerSecond);
        }
        positive(errors, "duration", duration);
        atLeastOne(errors, "batch size", batchSize);
        if (window == null || window.isNegative()) {
            errors.add("window must be >= 0: " + window);
        }
        atLeastOne(errors, "backlog", backlog);
        atLeastOne(errors, "backlog batch size", backlogBatchSize);
        atLeastOne(errors, "storm cycles", stormCycles);
        positive(errors, "sample interval", sampleInterval);
        atLeastOne(errors, "max connects in flight", maxConnectsInFlight);
        atLeastOne(errors, "max open connections", maxOpenConnections);
        atLeastOne(errors, "max publishes in flight", maxPublishesInFlight);
        positive(errors, "connect timeout", connectTimeout);
        positive(errors, "ack timeout", ackTimeout);
        return errors;
    }

    private static void atLeastOne(List<String> errors, String name, int value) {
        if (value < 1) {
            errors.add(name + " must be >= 1: " + value);
        }
    }

    private static void positive(List<String> errors, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            errors.add(name + " must be > 0: " + value);
        }
    }

    /** Starts from the documented defaults: 1 patch, STEADY, unthrottled, on 127.0.0.1:1883. */
    public static final class Builder {
        private String brokerHost = DEFAULT_HOST;
        private int brokerPort = DEFAULT_PORT;
        private int devices = 1;
        private String deviceIdPrefix = DEFAULT_PREFIX;
        private String passwordTemplate = DEFAULT_PASSWORD_TEMPLATE;
        private FleetMode mode = FleetMode.STEADY;
        private double readingsPerSecond;
        private Duration duration = DEFAULT_DURATION;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration window = DEFAULT_WINDOW;
        private int backlog = DEFAULT_BACKLOG;
        private int backlogBatchSize = DEFAULT_BACKLOG;
        private int stormCycles = DEFAULT_STORM_CYCLES;
        private Duration sampleInterval = DEFAULT_SAMPLE_INTERVAL;
        private int maxConnectsInFlight = DEFAULT_MAX_CONNECTS_IN_FLIGHT;
        private int maxOpenConnections = DEFAULT_MAX_OPEN_CONNECTIONS;
        private int maxPublishesInFlight = DEFAULT_MAX_PUBLISHES_IN_FLIGHT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
        private long seed = 1;

        private Builder() {}

        public Builder broker(String host, int port) {
            this.brokerHost = host;
            this.brokerPort = port;
            return this;
        }

        public Builder devices(int devices) {
            this.devices = devices;
            return this;
        }

        public Builder deviceIdPrefix(String deviceIdPrefix) {
            this.deviceIdPrefix = deviceIdPrefix;
            return this;
        }

        public Builder passwordTemplate(String passwordTemplate) {
            this.passwordTemplate = passwordTemplate;
            return this;
        }

        public Builder mode(FleetMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder readingsPerSecond(double readingsPerSecond) {
            this.readingsPerSecond = readingsPerSecond;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        public Builder backlogBatchSize(int backlogBatchSize) {
            this.backlogBatchSize = backlogBatchSize;
            return this;
        }

        public Builder stormCycles(int stormCycles) {
            this.stormCycles = stormCycles;
            return this;
        }

        public Builder sampleInterval(Duration sampleInterval) {
            this.sampleInterval = sampleInterval;
            return this;
        }

        public Builder maxConnectsInFlight(int maxConnectsInFlight) {
            this.maxConnectsInFlight = maxConnectsInFlight;
            return this;
        }

        public Builder maxOpenConnections(int maxOpenConnections) {
            this.maxOpenConnections = maxOpenConnections;
            return this;
        }

        public Builder maxPublishesInFlight(int maxPublishesInFlight) {
            this.maxPublishesInFlight = maxPublishesInFlight;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder ackTimeout(Duration ackTimeout) {
            this.ackTimeout = ackTimeout;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @throws FleetConfigException listing every error */
        public FleetConfig build() {
            return new FleetConfig(
                    brokerHost,
                    brokerPort,
                    devices,
                    deviceIdPrefix,
                    passwordTemplate,
                    mode,
                    readingsPerSecond,
                    duration,
                    batchSize,
                    window,
                    backlog,
                    backlogBatchSize,
                    stormCycles,
                    sampleInterval,
                    maxConnectsInFlight,
                    maxOpenConnections,
                    maxPublishesInFlight,
                    connectTimeout,
                    ackTimeout,
                    seed);
        }
    }
}
