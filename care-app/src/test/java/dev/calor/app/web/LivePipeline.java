package dev.calor.app.web;

import static org.awaitility.Awaitility.await;

import dev.calor.app.CareApp;
import dev.calor.app.config.AppConfigLoader;
import dev.calor.app.registry.RegistryImporter;
import dev.calor.app.registry.Role;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.config.TokenConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.proto.CareCircleFiles;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.PostgresServer;
import dev.calor.testsupport.TempDirs;
import dev.calor.worker.Worker;
import dev.calor.worker.config.WorkerConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything a caregiver's browser reaches, for real and on loopback: PostgreSQL, influxd, the care-app,
 * the embedded broker with the Calor extension following the registry the app exports, and the ingest
 * worker following it too. One patient (Grandpa Joe, {@link #DEVICE} on the skin, the shortest clinical windows
 * the worker accepts) and one owner who joined through an invitation and signs in with {@link #EMAIL} /
 * {@link #PASSWORD}. {@link #close()} stops everything, newest first, also after a failed start.
 */
final class LivePipeline implements AutoCloseable {

    static final String PATIENT = "P-1";
    static final String DEVICE = "patch-1";
    static final String EMAIL = "anna@example.org";
    static final String PASSWORD = "correct horse battery";
    private static final String DEVICE_PASSWORD = "device-pw";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path dir = TempDirs.create("calor-browser-");
    private final boolean defaultReloads;
    private CareApp app;
    private CalorBroker broker;
    private InfluxServer influx;

    private LivePipeline(boolean defaultReloads) {
        this.defaultReloads = defaultReloads;
    }

    CareApp app() {
        return app;
    }

    int mqttPort() {
        return broker.mqttPort();
    }

    InfluxServer influx() {
        return influx;
    }

    static LivePipeline start() {
        return start(false);
    }

    /**
     * @param defaultReloads the broker's and the worker's own defaults for following the registry file
     *     (otherwise the broker checks it every 500 ms and the worker ticks every 200 ms)
     */
    static LivePipeline start(boolean defaultReloads) {
        LivePipeline pipeline = new LivePipeline(defaultReloads);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (RuntimeException | Error e) {
            pipeline.close();
            throw e;
        }
    }

    /** The web app's address. */
    String url() {
        return "http://127.0.0.1:" + app.port() + "/";
    }

    /** The patch of the patient, connected to the broker as its bridge would be. */
    Patch patch() {
        return own(new Patch(broker.mqttPort(), DEVICE, DEVICE_PASSWORD));
    }

    private void startAll() {
        started.push(() -> TempDirs.deleteRecursively(dir));
        PostgresServer postgres = own(PostgresServer.start());
        influx = own(InfluxServer.start());
        influx.createDatabase("calor");
        int mqttPort = FreePorts.next();
        Path registry = dir.resolve("care-circle.json");

        app = own(CareApp.start(
                AppConfigLoader.load(write(
                        "app.yaml",
                        """
                http: {host: 127.0.0.1, port: 0}
                database: {url: "%s"}
                registry: {export-file: %s}
                tokens: {jwks-file: %s}
                influx: {url: "%s", database: calor}
                mqtt: {host: 127.0.0.1, port: %d}
                live: {poll-interval: 200ms}
                metrics: {port: 0}
                """
                                .formatted(
                                        postgres.newDatabase(),
                                        registry,
                                        dir.resolve("jwks.json"),
                                        influx.url(),
                                        mqttPort))),
                Clock.systemUTC()));
        RegistryImporter.load(app.database(), CareCircleFiles.parse(SEED, "seed"), "seed");
        String code = app.invitations().create(PATIENT, Role.OWNER, EMAIL, null).code();
        Accounts.accept(url(), code, "Anna", EMAIL, PASSWORD);
        await("the registry export names the new caregiver")
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        Files.exists(registry) && Files.readString(registry).contains("\"Anna\""));

        Path credentials = CredentialsFile.builder()
                .device(DEVICE, DEVICE_PASSWORD)
                .worker("worker-1", "worker-pw")
                .write(dir.resolve("credentials.yaml"));
        ExtensionConfig.Builder extension = ExtensionConfig.builder(credentials)
                .careCircleFile(registry)
                .caregiverTokens(TokenConfig.ofFile(dir.resolve("jwks.json")));
        if (!defaultReloads) {
            extension.reloadInterval(Duration.ofMillis(500));
        }
        broker = own(CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), credentials)
                .port(mqttPort)
                .extension(extension.build())
                .build()));
        own(Worker.start(
                WorkerConfigLoader.load(write(
                        "worker.yaml",
                        """
                worker-id: worker-1
                shard-count: 16
                shards: all
                mqtt: {host: 127.0.0.1, port: %d, username: worker-1, password: worker-pw, client-id-prefix: calor-worker}
                influx: {version: "1", url: "%s", database: calor, flush-interval: 100ms}
                care-circle-file: %s
                alerts: {state-file: %s%s}
                dead-letter-file: %s
                metrics-port: -1
                """
                                .formatted(
                                        mqttPort,
                                        influx.url(),
                                        registry,
                                        dir.resolve("alerts.db"),
                                        defaultReloads ? "" : ", tick-interval: 200ms",
                                        dir.resolve("dlq.jsonl")))),
                Clock.systemUTC(),
                Duration.ofMillis(300)));
    }

    private <T extends AutoCloseable> T own(T resource) {
        started.push(resource);
        return resource;
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop part of the pipeline", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Grandpa Joe wears the patch on his skin; the shortest windows the worker accepts (fever sustained 1 min). */
    private static final String SEED =
            """
            {
              "schemaVersion": 1,
              "patients": [
                {"patientId": "P-1", "displayName": "Grandpa Joe", "timeZone": "Europe/Berlin",
                 "thresholds": {"feverSustain": "60s", "feverClearSustain": "60s", "hypothermiaSustain": "60s",
                                "rapidRiseWindow": "300s", "reminderInterval": "300s"}}
              ],
              "assignments": [
                {"deviceId": "patch-1", "patientId": "P-1", "site": "MEASUREMENT_SITE_SKIN",
                 "validFrom": "2026-01-01T00:00:00Z"}
              ]
            }
            """;
}
