package dev.calor.app;

import dev.calor.app.config.AppConfig;
import dev.calor.app.config.AppConfigLoader;
import dev.calor.app.registry.RegistryImporter;
import dev.calor.app.registry.Role;
import dev.calor.proto.CareCircleFiles;
import dev.calor.testsupport.InfluxServer;
import dev.calor.testsupport.PostgresServer;
import dev.calor.testsupport.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A care-app on real servers for a test class: PostgreSQL (a fresh database), influxd, the app on a free
 * port with its registry and key files in a temp dir, seeded from a two-family care-circle file.
 */
final class AppRig implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";

    final PostgresServer postgres;
    final InfluxServer influx;
    final Path dir;
    final String databaseUrl;
    final AppConfig config;
    final CareApp app;
    final Api api;
    private final Api setupApi;

    private final String extraYaml;

    AppRig() {
        this("");
    }

    /** @param extraYaml further top-level sections of the app's configuration (e.g. {@code email}) */
    AppRig(String extraYaml) {
        this.extraYaml = extraYaml;
        postgres = PostgresServer.start();
        influx = InfluxServer.start();
        influx.createDatabase("calor");
        setupApi = new Api(1);
        influxQuery("CREATE RETENTION POLICY raw_30d ON calor DURATION 30d REPLICATION 1 DEFAULT");
        influxQuery("CREATE RETENTION POLICY rollup_2y ON calor DURATION 104w REPLICATION 1");
        dir = TempDirs.create("calor-app-");
        databaseUrl = postgres.newDatabase();
        config = config(databaseUrl, dir, 0);
        app = CareApp.start(config, Clock.systemUTC());
        api = new Api(app.port());
        RegistryImporter.load(app.database(), CareCircleFiles.parse(SEED, "seed"), "seed");
    }

    /** Writes line protocol into a retention policy of the calor database. */
    void influxWrite(String retentionPolicy, String lines) {
        send("/write?precision=n&db=calor&rp=" + retentionPolicy, lines);
    }

    private void influxQuery(String q) {
        send("/query", "q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
    }

    private void send(String path, String body) {
        try {
            var r = setupApi.http()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(influx.url() + path))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2 || r.body().contains("\"error\"")) {
                throw new IllegalStateException(path + " failed: " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    AppConfig config(String dbUrl, Path where, int port) {
        String yaml =
                """
                http: {host: 127.0.0.1, port: %d}
                database: {url: "%s"}
                registry: {export-file: care-circle.json}
                tokens: {jwks-file: jwks.json}
                influx: {url: "%s", database: calor}
                mqtt: {host: 127.0.0.1, port: 1}
                live: {poll-interval: 200ms}
                metrics: {port: 0}
                %s
                """
                        .formatted(port, dbUrl, influx.url(), extraYaml);
        try {
            Path file = where.resolve("app-" + System.nanoTime() + ".yaml");
            Files.writeString(file, yaml);
            return AppConfigLoader.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an account through an invitation into a patient's circle and returns its access token. */
    Map.Entry<String, String> join(String patientId, Role role, String name, String email) {
        String code = app.invitations().create(patientId, role, null, null).code();
        Api.Response r = api.post(
                "/api/v1/invitations/" + code + "/accept",
                null,
                Map.of("displayName", name, "email", email, "password", PASSWORD));
        if (r.status() != 201) {
            throw new AssertionError("accept failed: " + r.status() + " " + r.body());
        }
        return Map.entry(
                r.json().path("caregiver").path("caregiverId").asText(),
                r.json().get("accessToken").asText());
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            try {
                influx.close();
            } finally {
                try {
                    postgres.close();
                } finally {
                    TempDirs.deleteRecursively(dir);
                }
            }
        }
    }

    static final String SEED =
            """
            {
              "schemaVersion": 1,
              "patients": [
                {"patientId": "P-A", "displayName": "Grandpa Abe", "timeZone": "Europe/Berlin"},
                {"patientId": "P-B", "displayName": "Baby Bea"}
              ],
              "assignments": [
                {"deviceId": "patch-a1", "patientId": "P-A", "site": "MEASUREMENT_SITE_SKIN", "validFrom": "2026-01-01T00:00:00Z"},
                {"deviceId": "patch-b1", "patientId": "P-B", "site": "MEASUREMENT_SITE_AXILLA", "validFrom": "2026-01-01T00:00:00Z"}
              ],
              "caregivers": [
                {"caregiverId": "ops-a", "displayName": "Night nurse", "patientIds": ["P-A"],
                 "channels": [{"webhook": {"url": "https://example.org/hook"}}]}
              ]
            }
            """;
}
