package dev.calor.edgebridge.config;

import dev.calor.config.ConfigFile;
import dev.calor.config.ConfigNode;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.buffer.OverflowPolicy;
import dev.calor.edgebridge.publish.BrokerSettings;
import dev.calor.edgebridge.publish.PublishSettings;
import dev.calor.edgebridge.time.ClockJudge;
import dev.calor.edgebridge.transport.ble.BleTransportSettings;
import dev.calor.edgebridge.transport.serial.SerialSettings;
import dev.calor.proto.DurationText;
import dev.calor.proto.Topics;
import dev.calor.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads and validates the bridge's YAML configuration. Every problem in the file is collected and reported
 * together in one {@link dev.calor.config.ConfigException}; a bridge never starts half-configured.
 *
 * <p>Relative paths in the file are resolved against the file's directory.
 */
public final class BridgeConfigReader {

    private static final Duration MIN_POSITIVE = Duration.ofMillis(1);

    private BridgeConfigReader() {}

    public static BridgeConfig read(Path file) {
        return ConfigFile.load(file, BridgeConfigReader::read);
    }

    public static BridgeConfig parse(String yaml, String origin, Path baseDir) {
        return ConfigFile.parse(yaml, origin, baseDir, BridgeConfigReader::read);
    }

    private static BridgeConfig read(ConfigNode top) {
        String bridgeId = top.required("bridge-id").orElse("bridge");
        if (top.has("bridge-id") && !Topics.isValidId(bridgeId)) {
            top.problem("bridge-id", "must be 1..64 characters of [A-Za-z0-9._-] starting alphanumeric");
        }
        BufferSettings buffer = buffer(top.section("buffer"), top);
        BrokerSettings broker = broker(top.section("broker"));
        PublishSettings publish = publish(top.section("publish"));
        IntakeSettings intake = intake(top.section("intake"));
        HttpSettings http = http(top.section("http"));
        List<PatchConfig> patches = patches(top);
        if (patches.isEmpty()) {
            return null; // every patch entry had a problem (noted): the file is refused
        }
        return new BridgeConfig(bridgeId, buffer, broker, publish, intake, http, patches);
    }

    private static BufferSettings buffer(ConfigNode n, ConfigNode top) {
        Path file = n.requiredPath("file").orElse(Path.of("buffer.db"));
        long maxReadings = n.longInteger("max-readings", BufferSettings.DEFAULT_MAX_READINGS, 1, Long.MAX_VALUE);
        Duration maxAge = n.duration("max-age", BufferSettings.DEFAULT_MAX_AGE, Duration.ofSeconds(1));
        OverflowPolicy policy =
                n.enumValue("overflow-policy", OverflowPolicy.class, BufferSettings.DEFAULT_OVERFLOW_POLICY);
        Duration dedup = n.duration("dedup-window", BufferSettings.DEFAULT_DEDUP_WINDOW, Duration.ZERO);
        int quarantine = n.integer(
                "max-quarantined-batches", BufferSettings.DEFAULT_MAX_QUARANTINED_BATCHES, 1, Integer.MAX_VALUE);
        long patches = Math.max(1, top.list("patches").size());
        long perPatch = n.longInteger("max-readings-per-patch", Math.max(1, maxReadings / patches), 1, Long.MAX_VALUE);
        long maxBytes = n.longInteger("max-bytes", BufferSettings.DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE);
        long perPatchBytes = n.longInteger("max-bytes-per-patch", Math.max(1, maxBytes / patches), 1, Long.MAX_VALUE);
        long minFree = n.longInteger("min-free-space", BufferSettings.DEFAULT_MIN_FREE_BYTES, 0, Long.MAX_VALUE);
        return new BufferSettings(
                file, maxReadings, maxAge, policy, dedup, quarantine, perPatch, maxBytes, perPatchBytes, minFree);
    }

    private static BrokerSettings broker(ConfigNode n) {
        String host = n.required("host").orElse("127.0.0.1");
        int port = n.integer("port", 1883, 1, 65535);
        Duration keepAlive = n.duration("keep-alive", BrokerSettings.DEFAULT_KEEP_ALIVE, Duration.ofSeconds(1));
        if (keepAlive.toSeconds() > 65535) {
            n.problem("keep-alive", "must be at most 65535 s");
            keepAlive = BrokerSettings.DEFAULT_KEEP_ALIVE;
        }
        Optional<BrokerSettings.Tls> tls = Optional.empty();
        if (n.has("tls")) {
            ConfigNode t = n.section("tls");
            Optional<Path> ca = t.readableFile("ca-file", false);
            Optional<Path> keystore = t.readableFile("client-keystore", false);
            String password = t.secret("client-keystore-password", false).orElse("");
            List<String> protocols = t.stringList("protocols", BrokerSettings.Tls.DEFAULT_PROTOCOLS);
            protocols.stream()
                    .filter(p -> !BrokerSettings.Tls.ALLOWED_PROTOCOLS.contains(p))
                    .forEach(p -> t.problem(
                            "protocols", "'" + p + "' is not one of " + BrokerSettings.Tls.ALLOWED_PROTOCOLS));
            if (protocols.isEmpty()) {
                t.problem("protocols", "must name at least one protocol");
            }
            tls = Optional.of(new BrokerSettings.Tls(ca, keystore, password, protocols));
        }
        return new BrokerSettings(host, port, tls, keepAlive);
    }

    private static PublishSettings publish(ConfigNode n) {
        Duration interval = n.duration("interval", PublishSettings.DEFAULT_INTERVAL, Duration.ofMillis(10));
        Duration jitter = n.duration("jitter", PublishSettings.DEFAULT_JITTER, Duration.ZERO);
        int maxBatch = n.integer("max-batch-size", PublishSettings.DEFAULT_MAX_BATCH_SIZE, 1, 10_000);
        int window = n.integer("in-flight-window", PublishSettings.DEFAULT_IN_FLIGHT_WINDOW, 1, 1_000);
        Backoff backoff = backoff(n, Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX);
        Duration puback = n.duration("puback-timeout", PublishSettings.DEFAULT_PUBACK_TIMEOUT, Duration.ofMillis(100));
        return new PublishSettings(interval, jitter, maxBatch, window, backoff, puback);
    }

    private static Backoff backoff(ConfigNode n, Duration initialDefault, Duration maxDefault) {
        Duration initial = n.duration("reconnect-initial", initialDefault, MIN_POSITIVE);
        Duration max = n.duration("reconnect-max", maxDefault, MIN_POSITIVE);
        if (max.compareTo(initial) < 0) {
            n.problem("reconnect-max", "must not be below reconnect-initial (" + DurationText.format(initial) + ")");
            return new Backoff(initial, initial);
        }
        return new Backoff(initial, max);
    }

    private static IntakeSettings intake(ConfigNode n) {
        Duration gap = n.duration("gap-timeout", IntakeSettings.DEFAULT_GAP_TIMEOUT, Duration.ofSeconds(1));
        int queue = n.integer("queue-capacity", IntakeSettings.DEFAULT_QUEUE_CAPACITY, 1, 1_000_000);
        Duration skew = n.duration("max-clock-skew", IntakeSettings.DEFAULT_MAX_CLOCK_SKEW, Duration.ZERO);
        ClockJudge.SyncCheck sync =
                n.enumValue("clock-sync", ClockJudge.SyncCheck.class, IntakeSettings.DEFAULT_CLOCK_SYNC);
        Duration jump =
                n.duration("clock-jump-threshold", IntakeSettings.DEFAULT_CLOCK_JUMP_THRESHOLD, Duration.ofMillis(100));
        Duration stale = n.duration("stale-after", Duration.ZERO, Duration.ZERO);
        return new IntakeSettings(gap, queue, skew, sync, jump, stale);
    }

    private static HttpSettings http(ConfigNode n) {
        String host = n.string("host", HttpSettings.DEFAULT_HOST);
        int port = n.integer("port", HttpSettings.DEFAULT_PORT, -1, 65535);
        return new HttpSettings(host, port);
    }

    private static List<PatchConfig> patches(ConfigNode top) {
        List<ConfigNode> entries = top.list("patches");
        if (entries.isEmpty()) {
            top.problem("patches", "at least one patch is required");
        }
        List<PatchConfig> patches = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (ConfigNode p : entries) {
            Optional<PatchConfig> patch = patch(p);
            patch.ifPresent(pc -> {
                if (!ids.add(pc.deviceId())) {
                    p.problem("device-id", "'" + pc.deviceId() + "' is configured twice");
                }
                pc.serial().ifPresent(s -> {
                    if (!ports.add(s.port().toString())) {
                        p.problem("serial.port", s.port() + " is used by two patches");
                    }
                });
                patches.add(pc);
            });
        }
        return patches;
    }

    private static Optional<PatchConfig> patch(ConfigNode p) {
        Optional<String> id = p.required("device-id");
        id.filter(i -> !Topics.isValidId(i))
                .ifPresent(i -> p.problem("device-id", "'" + i + "' is not 1..64 characters of [A-Za-z0-9._-]"));
        Optional<String> password = p.secret("password", true);
        OptionalInt interval = OptionalInt.empty();
        if (p.has("sample-interval")) {
            Duration d = p.duration("sample-interval", Duration.ofSeconds(1), Duration.ofSeconds(1));
            if (d.toSeconds() > 65_535) {
                p.problem("sample-interval", "must be at most 65535 s");
            } else {
                interval = OptionalInt.of((int) d.toSeconds());
            }
        }
        boolean hasSerial = p.has("serial");
        boolean hasBle = p.has("ble");
        if (hasSerial == hasBle) {
            p.problem("", "needs exactly one of 'serial' or 'ble'");
        }
        Optional<SerialSettings> serial =
                hasSerial ? serial(p.section("serial"), id.orElse("x"), interval) : Optional.empty();
        Optional<BleTransportSettings> ble =
                hasBle ? ble(p.section("ble"), id.orElse("x"), interval) : Optional.empty();
        if (id.isEmpty() || password.isEmpty() || hasSerial == hasBle || (serial.isEmpty() && ble.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new PatchConfig(id.get(), password.get(), serial, ble));
    }

    private static Optional<SerialSettings> serial(ConfigNode s, String deviceId, OptionalInt interval) {
        Optional<Path> port = s.requiredPath("port");
        int baud = s.integer("baud-rate", SerialSettings.DEFAULT_BAUD_RATE, 50, 4_000_000);
        int dataBits = s.integer("data-bits", 8, 5, 8);
        SerialSettings.Parity parity = s.enumValue("parity", SerialSettings.Parity.class, SerialSettings.Parity.NONE);
        int stopBits = s.integer("stop-bits", 1, 1, 2);
        Backoff reconnect =
                backoff(s, SerialSettings.DEFAULT_RECONNECT.initial(), SerialSettings.DEFAULT_RECONNECT.max());
        return port.map(p -> new SerialSettings(deviceId, p, baud, dataBits, parity, stopBits, interval, reconnect));
    }

    private static Optional<BleTransportSettings> ble(ConfigNode b, String deviceId, OptionalInt interval) {
        Optional<String> address = b.optString("address");
        Optional<String> name = b.optString("name");
        String adapter = b.string("adapter", BleTransportSettings.DEFAULT_ADAPTER);
        Optional<String> bus = b.optString("bus-address");
        Duration resolved = b.duration(
                "services-resolved-timeout", BleTransportSettings.DEFAULT_SERVICES_RESOLVED_TIMEOUT, MIN_POSITIVE);
        Backoff reconnect = backoff(b, Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX);
        List<String> problems = BleTransportSettings.problems(deviceId, address, name, adapter, interval.orElse(0));
        problems.forEach(p -> b.problem("", p));
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BleTransportSettings(
                deviceId, address, name, adapter, bus, interval.orElse(0), reconnect, resolved));
    }
}
