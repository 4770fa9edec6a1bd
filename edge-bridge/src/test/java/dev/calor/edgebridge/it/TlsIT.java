package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.TlsListener;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.publish.BrokerSettings;
import dev.calor.edgebridge.testing.BacklogWriter;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.edgebridge.testing.BrokerFixture;
import dev.calor.edgebridge.testing.IngestRecorder;
import dev.calor.testsupport.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bridge publishes over mutual TLS: the broker's certificate checked against a CA file, a client certificate. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsIT {

    private static final String DEVICE = "patch-0501";
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void publishesOverMutualTlsAndRefusesABrokerItsCaDoesNotVouchFor() throws Exception {
        Path brokerStore = keyPair("broker", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
        Path brokerCert = exportCert("broker", brokerStore);
        Path bridgeStore = keyPair("bridge", "CN=calor-bridge", null);
        Path bridgeCert = exportCert("bridge", bridgeStore);
        Path brokerTrust = dir.resolve("broker-trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "bridge",
                "-file",
                bridgeCert.toString(),
                "-keystore",
                brokerTrust.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        Path strangerStore = keyPair("stranger", "CN=stranger", null);
        Path strangerCert = exportCert("stranger", strangerStore);

        Path creds = CredentialsFile.builder()
                .device(DEVICE, "pw")
                .worker(BrokerFixture.OBSERVER, BrokerFixture.OBSERVER_PASSWORD)
                .write(dir.resolve("credentials.yaml"));
        TlsListener tls = new TlsListener(
                "127.0.0.1",
                FreePorts.next(),
                brokerStore,
                PASSWORD,
                PASSWORD,
                Optional.of(brokerTrust),
                PASSWORD,
                TlsListener.ClientAuthentication.REQUIRED);
        BacklogWriter.write(dir.resolve("buffer.db"), DEVICE, 100, Duration.ofSeconds(1));
        try (CalorBroker broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), creds)
                        .tls(tls)
                        .build());
                IngestRecorder recorder = new IngestRecorder(broker.mqttPort(), List.of(DEVICE))) {
            int tlsPort = broker.tlsPort().orElseThrow();

            BrokerSettings untrusted = new BrokerSettings(
                    "127.0.0.1",
                    tlsPort,
                    Optional.of(new BrokerSettings.Tls(Optional.of(strangerCert), Optional.of(bridgeStore), PASSWORD)),
                    BrokerSettings.DEFAULT_KEEP_ALIVE);
            try (Bridge bridge = Bridge.start(config(untrusted), Clock.systemUTC())) {
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> !bridge.publisher(DEVICE).orElseThrow().isConnected());
                assertThat(bridge.buffer().depth(DEVICE)).isEqualTo(100);
            }

            BrokerSettings trusted = new BrokerSettings(
                    "127.0.0.1",
                    tlsPort,
                    Optional.of(new BrokerSettings.Tls(Optional.of(brokerCert), Optional.of(bridgeStore), PASSWORD)),
                    BrokerSettings.DEFAULT_KEEP_ALIVE);
            try (Bridge bridge = Bridge.start(config(trusted), Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> bridge.buffer().depth(DEVICE) == 0);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> recorder.distinctSequences(DEVICE).size() == 100);
                assertThat(bridge.metrics().value("calor_bridge_readings_published_total", DEVICE))
                        .isEqualTo(100);
            }
        }
    }

    private BridgeConfig config(BrokerSettings broker) {
        BridgeConfig c = BridgeConfigs.config(
                dir.resolve("buffer.db"),
                1883,
                BridgeConfigs.fastPublish(50, 2),
                List.of(BridgeConfigs.serialPatch(DEVICE, dir.resolve("no-port"))));
        var patch = c.patches().get(0);
        return new BridgeConfig(
                c.bridgeId(),
                c.buffer(),
                broker,
                c.publish(),
                c.intake(),
                c.http(),
                List.of(new dev.calor.edgebridge.config.PatchConfig(DEVICE, "pw", patch.serial(), patch.ble())));
    }

    private Path keyPair(String alias, String dname, String san) throws IOException, InterruptedException {
        Path store = dir.resolve(alias + ".p12");
        List<String> args = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args.toArray(String[]::new));
        return store;
    }

    private Path exportCert(String alias, Path store) throws IOException, InterruptedException {
        Path pem = dir.resolve(alias + ".pem");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-file",
                pem.toString(),
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        return pem;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
