package dev.calor.edgebridge.testing;

import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.config.HttpSettings;
import dev.calor.edgebridge.config.IntakeSettings;
import dev.calor.edgebridge.config.PatchConfig;
import dev.calor.edgebridge.publish.BrokerSettings;
import dev.calor.edgebridge.publish.PublishSettings;
import dev.calor.edgebridge.transport.serial.SerialSettings;
import dev.calor.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Bridge configurations for tests: fast intervals and backoff, metrics on a free port. */
public final class BridgeConfigs {

    private BridgeConfigs() {}

    public static PublishSettings fastPublish(int maxBatch, int window) {
        return new PublishSettings(
                Duration.ofMillis(200),
                Duration.ofMillis(50),
                maxBatch,
                window,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    public static PatchConfig serialPatch(String deviceId, Path port) {
        SerialSettings serial = new SerialSettings(
                deviceId,
                port,
                SerialSettings.DEFAULT_BAUD_RATE,
                8,
                SerialSettings.Parity.NONE,
                1,
                java.util.OptionalInt.empty(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)));
        return new PatchConfig(
                deviceId, deviceId + BrokerFixture.PASSWORD_SUFFIX, Optional.of(serial), Optional.empty());
    }

    public static BridgeConfig config(
            Path bufferFile, int brokerPort, PublishSettings publish, List<PatchConfig> patches) {
        return new BridgeConfig(
                "bridge-test",
                BufferSettings.defaults(bufferFile),
                BrokerSettings.plain("127.0.0.1", brokerPort),
                publish,
                new IntakeSettings(Duration.ofSeconds(20), 10_000, Duration.ofMinutes(5)),
                new HttpSettings("127.0.0.1", 0),
                patches);
    }
}
