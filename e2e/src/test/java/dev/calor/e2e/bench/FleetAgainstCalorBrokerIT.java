package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.RateLimits;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.sim.fleet.FleetConfig;
import dev.calor.sim.fleet.FleetMode;
import dev.calor.sim.fleet.FleetReport;
import dev.calor.sim.fleet.FleetRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fleet simulator against the embedded broker with the real Calor extension, 1 000 connections. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FleetAgainstCalorBrokerIT {

    private static final int DEVICES = 1_000;
    private static final String PASSWORDS = "it-{device}";

    @TempDir
    static Path dir;

    static CalorBroker broker;

    @BeforeAll
    static void startBroker() {
        CredentialsFile.Builder credentials = CredentialsFile.builder();
        FleetConfig names = FleetConfig.builder().deviceIdPrefix("fleet-").build();
        for (int i = 0; i < DEVICES; i++) {
            String id = names.deviceId(i);
            credentials.device(id, PASSWORDS.replace("{device}", id));
        }
        Path file = credentials.write(dir.resolve("credentials.yaml"));
        // the storm reconnects the whole fleet three times: raise the broker-wide connect rate limit
        RateLimits limits = new RateLimits(
                RateLimits.DEFAULT_MESSAGES_PER_SECOND,
                RateLimits.DEFAULT_MESSAGE_BURST,
                RateLimits.DEFAULT_BYTES_PER_SECOND,
                RateLimits.DEFAULT_BYTE_BURST,
                10_000,
                10_000);
        ExtensionConfig extension =
                ExtensionConfig.builder(file).rateLimits(limits).build();
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("home"), file)
                .extension(extension)
                .build());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static FleetConfig.Builder fleet() {
        return FleetConfig.builder()
                .broker(broker.host(), broker.mqttPort())
                .devices(DEVICES)
                .deviceIdPrefix("fleet-")
                .passwordTemplate(PASSWORDS)
                .ackTimeout(Duration.ofSeconds(60));
    }

    @Test
    void hourlyPeakOfAThousandPatchesIsAcknowledgedBatchByBatch() throws InterruptedException {
        FleetReport report = new FleetRunner(fleet().mode(FleetMode.PEAK)
                        .window(Duration.ofSeconds(2))
                        .backlog(60)
                        .backlogBatchSize(60)
                        .build())
                .run();

        assertThat(report.connectFailures()).isEmpty();
        assertThat(report.connectionsAccepted()).isEqualTo(DEVICES);
        assertThat(report.lastConnectionAcceptedAfter()).isPositive();
        assertThat(report.batchesRejected()).isEmpty();
        assertThat(report.batchesAcknowledged()).isEqualTo(DEVICES);
        assertThat(report.readingsAcknowledged()).isEqualTo(DEVICES * 60L);
        assertThat(report.latencyP99Micros()).isPositive();
    }

    @Test
    void reconnectStormOfAThousandPatchesReconnectsEveryOne() throws InterruptedException {
        FleetReport report = new FleetRunner(fleet().mode(FleetMode.STORM)
                        .window(Duration.ofSeconds(1))
                        .stormCycles(2)
                        .build())
                .run();

        assertThat(report.connectFailures()).isEmpty();
        assertThat(report.connectAttempts()).isEqualTo(3L * DEVICES);
        assertThat(report.connectionsAccepted()).isEqualTo(3L * DEVICES);
        assertThat(report.peakOpenConnections()).isEqualTo(DEVICES);
        assertThat(report.batchesAcknowledged()).isEqualTo(3L * DEVICES);
    }

    @Test
    void wrongPasswordsAreCountedByReasonCode() throws InterruptedException {
        FleetReport report = new FleetRunner(fleet().devices(20)
                        .passwordTemplate("wrong-{device}")
                        .mode(FleetMode.PEAK)
                        .window(Duration.ZERO)
                        .build())
                .run();

        assertThat(report.connectionsAccepted()).isZero();
        assertThat(report.connectFailures().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(20);
        assertThat(report.connectFailures()).containsKey("BAD_USER_NAME_OR_PASSWORD");
        assertThat(report.batchesSent()).isZero();
    }
}
