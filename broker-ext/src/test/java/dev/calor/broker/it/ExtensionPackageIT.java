package dev.calor.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.testing.Mqtt;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.testsupport.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged extension zip, unzipped into the extensions folder of a HiveMQ that runs in its own JVM
 * with nothing of Calor on its class path: everything the extension needs must be inside the zip.
 */
@Timeout(90)
class ExtensionPackageIT {

    private static final Path TARGET = Path.of("target");
    private static final String DEVICE = "patch-0001";

    @TempDir
    static Path home;

    static Process hivemq;
    static int port;

    @BeforeAll
    static void installZipAndStartHiveMq() throws Exception {
        Path zip;
        try (Stream<Path> files = Files.list(TARGET)) {
            zip = files.filter(p -> p.getFileName().toString().endsWith("-hivemq-extension.zip"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("run mvn package first: no extension zip in target/"));
        }
        Path extensions = home.resolve("extensions");
        unzip(zip, extensions);
        Path conf = extensions.resolve("calor-broker-ext/conf");
        CredentialsFile.builder()
                .device(DEVICE, "device-pw")
                .worker("worker-1", "worker-pw")
                .write(conf.resolve("credentials.yaml"));
        Files.writeString(
                conf.resolve("calor-extension.yaml"),
                "credentials-file: credentials.yaml\nmetrics:\n  enabled: false\n");

        port = FreePorts.next();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                hivemqOnlyClassPath(),
                StandaloneHiveMq.class.getName(),
                home.toString(),
                Integer.toString(port)));
        hivemq = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("hivemq.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!hivemq.isAlive()) {
                throw new IllegalStateException("HiveMQ exited: " + Files.readString(home.resolve("hivemq.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopHiveMq() throws Exception {
        if (hivemq != null) {
            hivemq.destroy();
            if (!hivemq.waitFor(30, TimeUnit.SECONDS)) {
                hivemq.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void zipHoldsTheStandardExtensionLayout() {
        Path folder = home.resolve("extensions/calor-broker-ext");
        assertThat(folder.resolve("hivemq-extension.xml")).exists();
        assertThat(folder.resolve("conf/calor-extension.yaml")).exists();
        try (Stream<Path> jars = Files.list(folder)) {
            assertThat(jars.filter(p -> p.toString().endsWith(".jar")).count()).isEqualTo(1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void installedExtensionAuthenticatesValidatesAndForwards() throws Exception {
        assertThat(Mqtt.connectCode(port, DEVICE, "wrong")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(Mqtt.connectCode(port, null, null)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);

        Mqtt5BlockingClient worker = Mqtt.connect(port, "worker-1", "worker-pw");
        Mqtt5BlockingClient device = Mqtt.connect(port, DEVICE, "device-pw");
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = worker.publishes(MqttGlobalPublishFilter.ALL)) {
            worker.subscribeWith()
                    .topicFilter("calor/v1/ingest/+/+")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            ReadingBatch batch = TestBatches.valid(DEVICE, Instant.now(), 2).build();

            assertThat(Mqtt.publish(device, Topics.readings(DEVICE), new byte[] {1, 2, 3})
                            .getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
            assertThat(Mqtt.publish(device, Topics.readings(DEVICE), batch.toByteArray())
                            .getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

            Optional<Mqtt5Publish> got = inbox.receive(10, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(got.get().getTopic().toString()).isEqualTo(Topics.ingest(Topics.shardOf(DEVICE, 16), DEVICE));
            assertThat(ReadingBatch.parseFrom(got.get().getPayloadAsBytes())).isEqualTo(batch);
        } finally {
            device.disconnect();
            worker.disconnect();
        }
    }

    /** HiveMQ and its dependencies, without Calor, protobuf, Jackson, Prometheus: what a standalone HiveMQ has. */
    private static String hivemqOnlyClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            jars.map(p -> p.toAbsolutePath().toString())
                    .filter(p -> {
                        String n = Path.of(p).getFileName().toString();
                        return !(n.startsWith("calor-")
                                || n.startsWith("protobuf-")
                                || n.startsWith("jackson-")
                                || n.startsWith("snakeyaml")
                                || n.startsWith("prometheus-")
                                || n.startsWith("gson")
                                || n.startsWith("picocli"));
                    })
                    .forEach(entries::add);
        }
        entries.add(TARGET.resolve("test-classes").toAbsolutePath().toString());
        return String.join(File.pathSeparator, entries);
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("zip entry outside target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        }
    }
}
