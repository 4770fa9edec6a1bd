package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.cli.UsersCommand;
import dev.calor.broker.config.AuthConfig;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.broker.validation.RejectReason;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.EpisodeAck;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Each hole of the broker's front door, tried as an attacker would, with stock {@code mosquitto_pub} and
 * {@code mosquitto_sub} (MQTT 5 and 3.1.1) against the real broker: the refusal, its reason code as the
 * tools print it, and that nothing reached the worker's ingest and ack subscriptions.
 */
@Timeout(120)
class FrontDoorAttacksIT {

    private static final String DEVICE = "patch-a";
    private static final String DEVICE_SECRET = "Zk1v3rQ9xW2mN8bT5cY7uL4pA6sD0fGh";
    private static final String MUM_PASSWORD = "mum-long-passphrase";
    private static final Duration REFUSAL_DELAY = Duration.ofMillis(400);

    @TempDir
    static Path dir;

    static Path credentials;
    static CalorBroker broker;
    static int port;
    static Mqtt5AsyncClient workerTap;
    static com.nimbusds.jose.jwk.ECKey careAppKey;
    static final List<String> reachedWorker = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBrokerAndWorkerTap() throws Exception {
        credentials = CredentialsFile.builder()
                .device(DEVICE, DEVICE_SECRET)
                .device("patch-b", DEVICE_SECRET)
                .worker("worker-1", "worker-secret-worker-secret")
                .caregiver("caregiver-mum", MUM_PASSWORD)
                .write(dir.resolve("credentials.yaml"));
        careAppKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID("care-app-1")
                .generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(
                jwks,
                new com.nimbusds.jose.jwk.JWKSet(careAppKey).toPublicJWKSet().toString());
        Path careCircle = dir.resolve("care-circle.json");
        Files.writeString(
                careCircle,
                CareCircleFiles.toJson(CareCircleRegistry.newBuilder()
                        .setSchemaVersion(1)
                        .addPatients(Patient.newBuilder().setPatientId("P1"))
                        .addPatients(Patient.newBuilder().setPatientId("P2"))
                        .addCaregivers(Caregiver.newBuilder()
                                .setCaregiverId("mum")
                                .addPatientIds("P1")
                                .addChannels(Channel.newBuilder()
                                        .setMqtt(MqttChannel.newBuilder().setUsername("caregiver-mum"))))
                        .addCaregivers(
                                Caregiver.newBuilder().setCaregiverId("jo").addPatientIds("P1"))
                        .build()));
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), credentials)
                .extension(ExtensionConfig.builder(credentials)
                        .careCircleFile(careCircle)
                        .reloadInterval(Duration.ofMillis(300))
                        .authentication(AuthConfig.defaults().withRefusalDelay(REFUSAL_DELAY))
                        .caregiverTokens(dev.calor.broker.config.TokenConfig.ofFile(jwks))
                        .build())
                .build());
        port = broker.mqttPort();
        workerTap = Mqtt5Client.builder()
                .identifier("calor-worker-tap")
                .serverHost("127.0.0.1")
                .serverPort(port)
                .simpleAuth()
                .username("worker-1")
                .password("worker-secret-worker-secret".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth()
                .buildAsync();
        workerTap.connect().get(10, TimeUnit.SECONDS);
        for (String filter : List.of("calor/v1/ingest/+/+", Topics.ALERT_ACK_FILTER)) {
            workerTap
                    .subscribeWith()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> reachedWorker.add(p.getTopic().toString()))
                    .send()
                    .get(10, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (workerTap != null) {
            workerTap.disconnect();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void forgetWhatTheWorkerSaw() {
        reachedWorker.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void aWillOnTheIngestTopicIsRefusedAtConnect(String version) {
        String ingest = Topics.ingest(Topics.shardOf(DEVICE, 16), DEVICE);
        Run run = sub(
                version,
                DEVICE,
                DEVICE_SECRET,
                DEVICE,
                Topics.status(DEVICE),
                "--will-topic",
                ingest,
                "--will-payload",
                "boom");
        assertThat(run.out()).containsIgnoringCase(version.equals("mqttv5") ? "Not authorized" : "not authorised");
        assertNothingReachedTheWorker();
    }

    @Test
    void aWillThatIsNotAValidStatusIsRefusedAtConnect() {
        Run run = sub(
                "mqttv5",
                DEVICE,
                DEVICE_SECRET,
                DEVICE,
                Topics.status(DEVICE),
                "--will-topic",
                Topics.status(DEVICE),
                "--will-payload",
                "not a status",
                "--will-retain");
        assertThat(run.out()).contains("Payload format invalid");
    }

    @Test
    void aValidStatusWillOnTheDevicesOwnStatusIsAccepted() {
        String status = new String(
                DeviceStatus.newBuilder()
                        .setSchemaVersion(1)
                        .setDeviceId(DEVICE)
                        .build()
                        .toByteArray(),
                StandardCharsets.ISO_8859_1);
        Run run = sub(
                "mqttv5",
                DEVICE,
                DEVICE_SECRET,
                DEVICE,
                Topics.status(DEVICE),
                "--will-topic",
                Topics.status(DEVICE),
                "--will-payload",
                status,
                "--will-retain");
        assertThat(run.out()).doesNotContain("Connection error").doesNotContain("denied");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void aRetainedBlobOutsideTheTopicTableIsRefusedAndNotStored(String version) throws Exception {
        long before = broker.metrics().refusedCount(RejectReason.NOT_AUTHORIZED);
        Path blob = dir.resolve("blob.bin");
        Files.write(blob, new byte[200_000]);
        Run run = pub(
                version, DEVICE, DEVICE_SECRET, DEVICE + "/junk", "calor/v1/devices/" + DEVICE + "/junk", blob, "-r");
        if (version.equals("mqttv5")) {
            assertThat(run.out()).contains("Not authorized");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.metrics().refusedCount(RejectReason.NOT_AUTHORIZED) > before);
        // nobody, not even the device itself, may subscribe there: a retained copy would have no reader,
        // and the device's own status subscription sees nothing new
        assertThat(Mqtt.subscribe(Mqtt.connect(port, DEVICE, DEVICE_SECRET), "calor/v1/devices/" + DEVICE + "/junk")
                        .isError())
                .isTrue();
        assertNothingReachedTheWorker();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void aDeviceCannotTakeAWorkersClientId(String version) {
        Run run = sub(version, DEVICE, DEVICE_SECRET, "calor-worker-shard-3", Topics.status(DEVICE));
        assertThat(run.out())
                .containsIgnoringCase(version.equals("mqttv5") ? "Client Identifier not valid" : "identifier rejected");
        Run other = sub(version, DEVICE, DEVICE_SECRET, "patch-b", Topics.status(DEVICE));
        assertThat(other.out())
                .containsIgnoringCase(version.equals("mqttv5") ? "Client Identifier not valid" : "identifier rejected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void publishingAnotherDevicesReadingsNeverReachesTheWorker(String version) throws Exception {
        long before = broker.metrics().refusedCount(RejectReason.NOT_AUTHORIZED);
        Path batch = dir.resolve("batch-b.bin");
        Files.write(
                batch, TestBatches.valid("patch-b", Instant.now(), 1).build().toByteArray());
        Run run = pub(version, DEVICE, DEVICE_SECRET, DEVICE + "/forger", Topics.readings("patch-b"), batch);
        if (version.equals("mqttv5")) {
            assertThat(run.out()).contains("Not authorized");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.metrics().refusedCount(RejectReason.NOT_AUTHORIZED) > before);
        assertNothingReachedTheWorker();
    }

    @Test
    void aDevicesOwnValidBatchDoesReachTheWorker() throws Exception {
        Path batch = dir.resolve("batch-a.bin");
        Files.write(batch, TestBatches.valid(DEVICE, Instant.now(), 1).build().toByteArray());
        Run run = pub("mqttv5", DEVICE, DEVICE_SECRET, DEVICE + "/ok", Topics.readings(DEVICE), batch);
        assertThat(run.out()).doesNotContain("failed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> reachedWorker.contains(Topics.ingest(Topics.shardOf(DEVICE, 16), DEVICE)));
    }

    @Test
    void anAckInAnotherCaregiversNameOrForAnotherPatientIsRefused() throws Exception {
        EpisodeAck own = EpisodeAck.newBuilder()
                .setSchemaVersion(1)
                .setPatientId("P1")
                .setEpisodeId("ep-1")
                .setCaregiverId("mum")
                .build();
        Path forgedName = dir.resolve("ack-jo.bin");
        Files.write(forgedName, own.toBuilder().setCaregiverId("jo").build().toByteArray());
        Path otherPatient = dir.resolve("ack-p2.bin");
        Files.write(otherPatient, own.toBuilder().setPatientId("P2").build().toByteArray());
        Path valid = dir.resolve("ack-ok.bin");
        Files.write(valid, own.toByteArray());

        assertThat(pub("mqttv5", "caregiver-mum", MUM_PASSWORD, "caregiver-mum/app", Topics.alertAck("P1"), forgedName)
                        .out())
                .contains("Not authorized");
        assertThat(pub(
                                "mqttv5",
                                "caregiver-mum",
                                MUM_PASSWORD,
                                "caregiver-mum/app",
                                Topics.alertAck("P1"),
                                otherPatient)
                        .out())
                .contains("Payload format invalid");
        assertThat(pub("mqttv5", "caregiver-mum", MUM_PASSWORD, "caregiver-mum/app", Topics.alertAck("P2"), valid)
                        .out())
                .contains("Not authorized");
        assertNothingReachedTheWorker();

        assertThat(pub("mqttv5", "caregiver-mum", MUM_PASSWORD, "caregiver-mum/app", Topics.alertAck("P1"), valid)
                        .out())
                .doesNotContain("failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> reachedWorker.contains(Topics.alertAck("P1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void aCaregiverCannotSubscribeToAnotherPatientOrToIngest(String version) {
        for (String filter : List.of(Topics.alerts("P2"), "calor/v1/ingest/+/+", "#")) {
            Run run = sub(version, "caregiver-mum", MUM_PASSWORD, "caregiver-mum/snoop", filter);
            assertThat(run.out()).as(filter).contains("All subscription requests were denied");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void aCaregiverLogsInWithTheCareAppsTokenAndSeesOnlyItsOwnPatients(String version) throws Exception {
        String token = token("jo", careAppKey);
        Run own = sub(version, "jo", token, "jo/app", Topics.alertState("P1"));
        assertThat(own.out()).doesNotContain("Connection error").doesNotContain("denied");
        Run other = sub(version, "jo", token, "jo/app", Topics.alerts("P2"));
        assertThat(other.out()).contains("All subscription requests were denied");
        Run stolen = sub(version, "mum", token, "mum/app", Topics.alerts("P1"));
        assertThat(stolen.out())
                .containsIgnoringCase(
                        version.equals("mqttv5") ? "Bad User Name or Password" : "bad user name or password");
        var forger = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID("care-app-1")
                .generate();
        Run forged = sub(version, "jo", token("jo", forger), "jo/app", Topics.alerts("P1"));
        assertThat(forged.out())
                .containsIgnoringCase(
                        version.equals("mqttv5") ? "Bad User Name or Password" : "bad user name or password");
    }

    private static String token(String subject, com.nimbusds.jose.jwk.ECKey key) throws Exception {
        var jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .build(),
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                        .issuer("calor-care-app")
                        .audience("calor-mqtt")
                        .subject(subject)
                        .issueTime(java.util.Date.from(Instant.now()))
                        .expirationTime(java.util.Date.from(Instant.now().plus(Duration.ofMinutes(10))))
                        .jwtID(java.util.UUID.randomUUID().toString())
                        .build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void unknownUsersAndWrongSecretsGetTheSameAnswerAfterTheSameDelay() {
        long t0 = System.nanoTime();
        Run unknown = sub("mqttv5", "patch-nobody", DEVICE_SECRET, "patch-nobody", Topics.status("patch-nobody"));
        long unknownMillis = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        Run wrong = sub("mqttv5", DEVICE, "guess", DEVICE, Topics.status(DEVICE));
        long wrongMillis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(unknown.out()).contains("Bad User Name or Password");
        assertThat(wrong.out()).contains("Bad User Name or Password");
        assertThat(unknownMillis).isGreaterThanOrEqualTo(REFUSAL_DELAY.toMillis());
        assertThat(wrongMillis).isGreaterThanOrEqualTo(REFUSAL_DELAY.toMillis());
    }

    @Test
    void aBrokerRefusesToStartOnThePublishedExampleCredentials() throws Exception {
        Path example = dir.resolve("example-credentials.yaml");
        Files.writeString(
                example,
                """
                users:
                  - username: ops
                    role: operator
                    password-hash: 'pbkdf2-sha256$600000$Qz3d2EZdpTvmzsojDHfeIA$yvkBAUlOp/Q463pJSfFhIKWJojk8heDL0d8fZlhTojc'
                """);
        assertThatThrownBy(() -> CalorBroker.start(dir.resolve("example-broker"), example))
                .hasMessageContaining("published example");
    }

    @Test
    void disablingAUserClosesItsConnectionWithinTheReloadInterval() throws Exception {
        var session = Mqtt.connect(port, "patch-b", DEVICE_SECRET);
        assertThat(session.getState().isConnected()).isTrue();
        try {
            assertThat(users("disable", "--username", "patch-b")).isZero();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !session.getState().isConnected());
            Run refused = sub("mqttv5", "patch-b", DEVICE_SECRET, "patch-b", Topics.status("patch-b"));
            assertThat(refused.out()).contains("Bad User Name or Password");
        } finally {
            assertThat(users("enable", "--username", "patch-b")).isZero();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Mqtt.connectCode(port, "patch-b", DEVICE_SECRET).getCode() == 0);
    }

    private static int users(String... args) {
        List<String> all = new ArrayList<>(List.of("--file", credentials.toString()));
        all.addAll(List.of(args));
        return new CommandLine(new UsersCommand()).execute(all.toArray(String[]::new));
    }

    private static void assertNothingReachedTheWorker() {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(reachedWorker::isEmpty);
    }

    /** What a mosquitto client printed (stdout and stderr together). */
    record Run(String out) {}

    private static Run sub(
            String version, String user, String password, String clientId, String filter, String... extra) {
        List<String> cmd = base("mosquitto_sub", version, user, password, clientId);
        cmd.addAll(List.of("-t", filter, "-C", "1", "-W", "2"));
        cmd.addAll(List.of(extra));
        return run(cmd);
    }

    private static Run pub(
            String version,
            String user,
            String password,
            String clientId,
            String topic,
            Path payload,
            String... extra) {
        List<String> cmd = base("mosquitto_pub", version, user, password, clientId);
        cmd.addAll(List.of("-q", "1", "-t", topic, "-f", payload.toString()));
        cmd.addAll(List.of(extra));
        return run(cmd);
    }

    private static List<String> base(String tool, String version, String user, String password, String clientId) {
        return new ArrayList<>(List.of(
                tool,
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-V",
                version,
                "-u",
                user,
                "-P",
                password,
                "-i",
                clientId));
    }

    /**
     * Runs the tool for at most 8 s: an MQTT 3.1.1 publisher whose publish was refused is disconnected and
     * retries (it never got a PUBACK, so it keeps its message), so it is stopped here.
     */
    private static Run run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            InputStream in = p.getInputStream();
            if (!p.waitFor(8, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            byte[] out = in.readAllBytes();
            return new Run(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (Debian package mosquitto-clients)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
