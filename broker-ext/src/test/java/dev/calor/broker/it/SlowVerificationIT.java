package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.auth.PasswordHasher;
import dev.calor.broker.auth.Role;
import dev.calor.broker.auth.UserEntry;
import dev.calor.broker.config.AuthConfig;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.metrics.BrokerMetrics.ConnectOutcome;
import dev.calor.broker.testing.Mqtt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow verifications (PBKDF2, 1.5 million iterations, several hundred ms each) verifications on one thread with a 1 s verify-timeout: CONNECTs that
 * waited too long are answered 0x89 by the broker, and their verification is then skipped or its result
 * dropped, counted, and never turned into a connection; a device's fast check meanwhile does not wait.
 */
@Timeout(90)
class SlowVerificationIT {

    private static final int PEOPLE = 6;
    private static final int ITERATIONS = 1_500_000;
    private static final String SECRET = "a long passphrase of the operators";
    private static final String DEVICE_SECRET = "a-machine-generated-device-secret-0001";

    @TempDir
    static Path dir;

    @Test
    void verificationsOfConnectsThatAlreadyTimedOutAreCancelledOrDroppedAndCounted() throws Exception {
        // one slow hash, shared by every user (the cache is per user, so each CONNECT verifies afresh)
        String slow = new PasswordHasher().hash(SECRET.toCharArray(), ITERATIONS);
        Path credentials = dir.resolve("credentials.yaml");
        List<UserEntry> users = new ArrayList<>(IntStream.range(0, PEOPLE)
                .mapToObj(i -> new UserEntry("ops-" + i, Role.OPERATOR, slow))
                .toList());
        users.add(new UserEntry(
                "patch-0001",
                Role.DEVICE,
                new PasswordHasher().hashForTests(Role.DEVICE, DEVICE_SECRET.toCharArray())));
        CredentialsFile.write(credentials, users);
        AuthConfig oneSlowThread =
                new AuthConfig(Duration.ZERO, Duration.ofSeconds(1), 1, 100, AuthConfig.DEFAULT_MAX_CLIENT_ID_LENGTH);
        ExecutorService clients = Executors.newFixedThreadPool(PEOPLE);
        try (CalorBroker broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), credentials)
                .extension(ExtensionConfig.builder(credentials)
                        .authentication(oneSlowThread)
                        .build())
                .build())) {
            BrokerMetrics metrics = broker.metrics();
            List<CompletableFuture<Mqtt5ConnAckReasonCode>> answers = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                String user = "ops-" + i;
                answers.add(CompletableFuture.supplyAsync(
                        () -> Mqtt.connectCode(broker.mqttPort(), user, SECRET), clients));
            }
            // a device's keyed hash is checked on the CONNECT thread: it never waits behind the slow queue
            assertThat(Mqtt.connectCode(broker.mqttPort(), "patch-0001", DEVICE_SECRET))
                    .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            List<Mqtt5ConnAckReasonCode> codes =
                    answers.stream().map(CompletableFuture::join).toList();

            // the checks run one after another: the later CONNECTs wait past 1 s
            assertThat(codes).isSubsetOf(Mqtt5ConnAckReasonCode.SUCCESS, Mqtt5ConnAckReasonCode.SERVER_BUSY);
            long busy = codes.stream()
                    .filter(c -> c == Mqtt5ConnAckReasonCode.SERVER_BUSY)
                    .count();
            long accepted = PEOPLE - busy;
            assertThat(busy).isPositive();
            // every timed-out CONNECT is accounted for once its turn on the slow thread has come
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics.connectCount(ConnectOutcome.TIMED_OUT) == busy);
            long cancelled = metrics.verificationCount("cancelled");
            long dropped = metrics.verificationCount("dropped");
            assertThat(cancelled + dropped).isEqualTo(busy);
            assertThat(cancelled)
                    .as("CONNECTs that timed out while queued are never verified")
                    .isPositive();
            assertThat(metrics.verificationCount("slow")).isEqualTo(PEOPLE - cancelled);
            assertThat(metrics.connectCount(ConnectOutcome.ACCEPTED)).isEqualTo(accepted + 1);
            assertThat(metrics.verificationCount("fast")).isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }
}
