package dev.calor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.calor.app.registry.Role;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertSeverity;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.delivery.AlertFanOut;
import dev.calor.worker.delivery.WebhookSender;
import dev.calor.worker.state.Delivery;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class CareAppIT {

    private AppRig rig;
    private Api api;
    private String annaId;
    private String anna;

    @BeforeAll
    void start() {
        rig = new AppRig();
        api = rig.api;
        var joined = rig.join("P-A", Role.OWNER, "Anna", "anna@example.org");
        annaId = joined.getKey();
        anna = joined.getValue();
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void signsInRefreshesAndSignsOut() {
        var login =
                api.post("/api/v1/auth/login", null, Map.of("email", "Anna@Example.org", "password", AppRig.PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        String access = login.json().get("accessToken").asText();
        String refresh = login.json().get("refreshToken").asText();
        assertThat(login.json().get("expiresIn").asInt()).isEqualTo(300);
        assertThat(api.get("/api/v1/me", access).json().get("caregiverId").asText())
                .isEqualTo(annaId);

        var refreshed = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refresh));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("refreshToken").asText()).isNotEqualTo(refresh);

        assertThat(api.post(
                                "/api/v1/auth/logout",
                                refreshed.json().get("accessToken").asText(),
                                null)
                        .status())
                .isEqualTo(204);
        var after = api.get("/api/v1/me", refreshed.json().get("accessToken").asText());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.contentType()).startsWith("application/problem+json");
        assertThat(api.post(
                                "/api/v1/auth/refresh",
                                null,
                                Map.of(
                                        "refreshToken",
                                        refreshed.json().get("refreshToken").asText()))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void reusingASpentRefreshTokenEndsTheSession() {
        var login =
                api.post("/api/v1/auth/login", null, Map.of("email", "anna@example.org", "password", AppRig.PASSWORD));
        String first = login.json().get("refreshToken").asText();
        var second = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", first));
        assertThat(second.status()).isEqualTo(200);

        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", first))
                        .status())
                .isEqualTo(401);
        // the thief's replay also kills the legitimate holder's newer tokens
        assertThat(api.post(
                                "/api/v1/auth/refresh",
                                null,
                                Map.of(
                                        "refreshToken",
                                        second.json().get("refreshToken").asText()))
                        .status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/me", second.json().get("accessToken").asText())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void throttlesRepeatedWrongPasswordsForTheAccount() {
        rig.join("P-B", Role.FAMILY, "Tom", "tom@example.org");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post(
                                    "/api/v1/auth/login",
                                    null,
                                    Map.of("email", "tom@example.org", "password", "wrong-password-" + i))
                            .status())
                    .isEqualTo(401);
        }
        var throttled =
                api.post("/api/v1/auth/login", null, Map.of("email", "tom@example.org", "password", AppRig.PASSWORD));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().get("type").asText()).endsWith("/too-many-requests");
    }

    @Test
    void familyMayNotChangeThresholdsButAnOwnerMayWithinBounds() {
        var sis = rig.join("P-A", Role.FAMILY, "Sis", "sis@example.org");
        assertThat(api.put("/api/v1/patients/P-A/thresholds", sis.getValue(), Map.of("feverCelsius", 38.3))
                        .status())
                .isEqualTo(403);

        var bad =
                api.put("/api/v1/patients/P-A/thresholds", anna, Map.of("feverCelsius", 42.0, "feverSustain", "soon"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors")).hasSize(2);

        var ok = api.put("/api/v1/patients/P-A/thresholds", anna, Map.of("feverCelsius", 38.3, "feverSustain", "5m"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("thresholds").path("feverCelsius").asDouble()).isEqualTo(38.3);
        assertThat(ok.json().path("thresholds").path("feverSustain").asText()).isEqualTo("5m");

        var inconsistent = api.put(
                "/api/v1/patients/P-A/thresholds", anna, Map.of("feverCelsius", 38.0, "feverClearCelsius", 38.5));
        assertThat(inconsistent.status()).isEqualTo(422);
    }

    @Test
    void aRegistryChangeReachesTheWorkersReloaderWithinTwoSeconds() throws Exception {
        CareCircleWatcher worker = CareCircleWatcher.load(rig.config.registryFile());
        Instant before = Instant.now();
        var r = api.put("/api/v1/patients/P-A/thresholds", anna, Map.of("feverCelsius", 38.4));
        assertThat(r.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    worker.checkForChange();
                    return worker.current()
                                    .patient("P-A")
                                    .orElseThrow()
                                    .profile()
                                    .rules()
                                    .feverCelsius()
                            == 38.4;
                });
        long millis = Duration.between(before, Instant.now()).toMillis();
        System.out.printf("registry change -> worker reload: %d ms (1 sample, includes the HTTP request)%n", millis);
        assertThat(millis).isLessThan(2000);
    }

    @Test
    void assignsAndReplacesAPatchAndRefusesAPatchWornBySomeoneElse() throws Exception {
        assertThat(api.post("/api/v1/patients/P-A/devices", anna, Map.of("deviceId", "patch-b1", "site", "skin"))
                        .status())
                .isEqualTo(409);
        var added = api.post("/api/v1/patients/P-A/devices", anna, Map.of("deviceId", "patch-a2", "site", "axilla"));
        assertThat(added.status()).isEqualTo(201);
        var replaced =
                api.post("/api/v1/patients/P-A/devices/patch-a2/replace", anna, Map.of("newDeviceId", "patch-a3"));
        assertThat(replaced.status()).isEqualTo(201);
        assertThat(replaced.json().get("site").asText()).isEqualTo("axilla");

        var list = api.get("/api/v1/patients/P-A/devices", anna).json();
        assertThat(list.findValuesAsText("deviceId")).contains("patch-a1", "patch-a2", "patch-a3");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            CareCircleRegistry exported = CareCircleFiles.read(rig.config.registryFile());
            return exported.getAssignmentsList().stream()
                    .anyMatch(a -> a.getDeviceId().equals("patch-a3")
                            && a.getPatientId().equals("P-A")
                            && !a.hasValidUntil());
        });
    }

    @Test
    void invitesAFamilyMemberWhoSeesThePatient() {
        var inv = api.post(
                "/api/v1/patients/P-A/invitations", anna, Map.of("role", "family", "email", "bro@example.org"));
        assertThat(inv.status()).isEqualTo(201);
        assertThat(inv.json().path("email").path("status").asText()).isEqualTo("not-configured");
        String code = inv.json().get("code").asText();
        assertThat(api.get("/api/v1/invitations/" + code, null)
                        .json()
                        .get("patientDisplayName")
                        .asText())
                .isEqualTo("Grandpa Abe");
        var accepted = api.post(
                "/api/v1/invitations/" + code + "/accept",
                null,
                Map.of("displayName", "Bro", "email", "bro@example.org", "password", AppRig.PASSWORD));
        assertThat(accepted.status()).isEqualTo(201);
        String bro = accepted.json().get("accessToken").asText();
        var patients = api.get("/api/v1/patients", bro).json();
        assertThat(patients).hasSize(1);
        assertThat(patients.get(0).get("role").asText()).isEqualTo("family");
        // single use
        assertThat(api.post(
                                "/api/v1/invitations/" + code + "/accept",
                                null,
                                Map.of("displayName", "Bro2", "email", "bro2@example.org", "password", AppRig.PASSWORD))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void showsCurrentTemperatureAndDownsamplesLongHistory() {
        long now = System.currentTimeMillis() * 1_000_000L;
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            long t = now - (60 - i) * 10_000_000_000L;
            raw.append("body_temperature,device_id=patch-b1,patient_id=P-B,site=axilla celsius=37.0,core_celsius=")
                    .append(37.5 + i / 100.0)
                    .append(' ')
                    .append(t)
                    .append('\n');
        }
        rig.influxWrite("raw_30d", raw.toString());
        StringBuilder rollup = new StringBuilder();
        for (int m = 0; m < 3 * 24 * 60; m++) {
            long t = now - (long) (3 * 24 * 60 - m) * 60_000_000_000L;
            rollup.append(
                            "body_temperature_1m,device_id=patch-b1,patient_id=P-B,site=axilla core_mean=37.2,core_min=37.0,core_max=37.6 ")
                    .append(t)
                    .append('\n');
        }
        rig.influxWrite("rollup_2y", rollup.toString());
        String bob = rig.join("P-B", Role.OWNER, "Bob", "bob@example.org").getValue();

        var summary = api.get("/api/v1/patients/P-B", bob).json();
        assertThat(summary.path("current").path("coreCelsius").asDouble()).isEqualTo(38.09);
        assertThat(summary.path("state").asText()).isEqualTo("normal");

        var recent = api.get(
                        "/api/v1/patients/P-B/history?from=" + Instant.now().minus(Duration.ofHours(1)), bob)
                .json();
        assertThat(recent.get("resolution").asText()).isEqualTo("raw");
        assertThat(recent.get("points")).hasSize(60);

        var week = api.get("/api/v1/patients/P-B/history?from=" + Instant.now().minus(Duration.ofDays(7)), bob)
                .json();
        assertThat(week.get("resolution").asText()).isEqualTo("6m");
        assertThat(week.get("points").size()).isBetween(700, 730);
        assertThat(week.get("points").get(0).get("maxCelsius").asDouble()).isEqualTo(37.6);
    }

    @Test
    void servesAnOpenApiDocumentWithASecurityDeclarationOnEveryOperation() {
        var doc = api.get("/api/v1/openapi.json", null).json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> open = new java.util.ArrayList<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            assertThat(op.getValue().has("security"))
                    .as(op.getKey() + " " + p.getKey())
                    .isTrue();
            if (op.getValue().get("security").isEmpty()) {
                open.add(op.getKey().toUpperCase() + " " + p.getKey());
            }
        }));
        assertThat(open)
                .containsExactlyInAnyOrder(
                        "GET /health",
                        "GET /jwks.json",
                        "POST /auth/login",
                        "POST /auth/refresh",
                        "GET /invitations/{code}",
                        "POST /invitations/{code}/accept",
                        "POST /password-resets/{code}");
        assertThat(api.get("/api/v1/docs", null).body()).contains("swagger-ui-bundle.js");
        assertThat(api.get("/api/v1/jwks.json", null)
                        .json()
                        .get("keys")
                        .get(0)
                        .get("kty")
                        .asText())
                .isEqualTo("EC");
        assertThat(Files.exists(rig.config.jwksFile())).isTrue();
    }

    @Test
    void aWebhookSetThroughTheApiGetsASecretShownOnceThatTheWorkersDeliverySignsWith() throws Exception {
        List<String[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(new String[] {
                ex.getRequestHeaders().getFirst(WebhookSender.TIMESTAMP),
                ex.getRequestHeaders().getFirst(WebhookSender.SIGNATURE),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            });
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            Map<String, Object> settings =
                    Map.of("channels", List.of(Map.of("kind", "app"), Map.of("kind", "webhook", "url", url)));
            var set = api.put("/api/v1/me/notifications", anna, settings);
            assertThat(set.status()).isEqualTo(200);
            String secret =
                    set.json().path("channels").get(1).path("signingSecret").asText();
            assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
            // shown once: neither reading the account nor saving the same webhook again shows it
            assertThat(api.get("/api/v1/me", anna).body())
                    .doesNotContain(secret)
                    .contains("secretCreatedAt");
            var again = api.put("/api/v1/me/notifications", anna, settings);
            assertThat(again.json()
                            .path("channels")
                            .get(1)
                            .path("signingSecret")
                            .isNull())
                    .isTrue();
            assertThat(api.put(
                                    "/api/v1/me/notifications",
                                    anna,
                                    Map.of(
                                            "channels",
                                            List.of(Map.of("kind", "webhook", "url", url, "signingSecret", "mine"))))
                            .status())
                    .isEqualTo(422);

            assertThat(deliverThroughTheWorker(url)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            assertThat(signedWith(secret, received.get(0))).isTrue();

            var rotated = api.post("/api/v1/me/channels/1/signing-secret", anna, null);
            assertThat(rotated.status()).isEqualTo(200);
            String next = rotated.json().path("signingSecret").asText();
            assertThat(next).startsWith("whsec_").isNotEqualTo(secret);
            assertThat(api.post("/api/v1/me/channels/0/signing-secret", anna, null)
                            .status())
                    .isEqualTo(404);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exportedSecret(url).equals(next));
            received.clear();
            assertThat(deliverThroughTheWorker(url)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            assertThat(signedWith(next, received.get(0))).isTrue();
            assertThat(signedWith(secret, received.get(0))).isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    /** What the worker does with the exported registry: fan a fever out to P-A's caregivers, send the webhooks. */
    private boolean deliverThroughTheWorker(String url) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> !exportedSecret(url).isEmpty());
        CareCircle cc = CareCircleWatcher.load(rig.config.registryFile()).current();
        Alert fever = Alert.newBuilder()
                .setAlertId("P-A:FEVER:1764579600000000000:RAISED")
                .setEpisodeId("P-A:FEVER:1764579600000000000")
                .setPatientId("P-A")
                .setKind(AlertKind.ALERT_KIND_FEVER)
                .setTransition(AlertTransition.ALERT_TRANSITION_RAISED)
                .setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                .setEmittedTimeUnixNs(System.currentTimeMillis() * 1_000_000L)
                .build();
        List<Delivery> hooks = AlertFanOut.of(AlertFanOut.addressed(fever, cc, Optional.empty()), cc).stream()
                .filter(d -> d.target().equals(url))
                .toList();
        for (Delivery d : hooks) {
            new WebhookSender(Duration.ofSeconds(5), java.time.Clock.systemUTC()).send(d, fever);
        }
        return hooks.size() == 1;
    }

    private String exportedSecret(String url) {
        return CareCircleFiles.read(rig.config.registryFile()).getCaregiversList().stream()
                .flatMap(g -> g.getChannelsList().stream())
                .filter(ch -> ch.hasWebhook() && ch.getWebhook().getUrl().equals(url))
                .map(ch -> ch.getWebhook().getSigningSecret())
                .findFirst()
                .orElse("");
    }

    /** A receiver's check: HMAC-SHA256 of "{timestamp}.{body}" and a time stamp within the 5-minute window. */
    private static boolean signedWith(String secret, String[] request) {
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(request[0]));
        return age <= 300 && ("sha256=" + WebhookSender.hmac(secret, request[0] + "." + request[2])).equals(request[1]);
    }

    @Test
    void servesPrometheusMetricsThatPassPromtoolAndCountWhatHappened() throws Exception {
        api.post("/api/v1/auth/login", null, Map.of("email", "anna@example.org", "password", "not-the-password"));
        api.login("anna@example.org", AppRig.PASSWORD);
        api.get("/api/v1/patients/P-A", anna);
        var http = java.net.http.HttpClient.newHttpClient();
        String text = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + rig.app.metricsPort() + "/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(text)
                .contains(
                        "calor_app_http_requests_total{method=\"GET\",route=\"/patients/{patientId}\",status=\"200\"}")
                .contains("calor_app_logins_total{result=\"ok\"}")
                .contains("calor_app_logins_total{result=\"refused\"}")
                .contains("calor_app_registry_exports_total{result=\"written\"}")
                .containsPattern("calor_app_live_subscribers [0-9]")
                .doesNotContain("route=\"/api/v1");
        java.nio.file.Path file = rig.dir.resolve("app-metrics.prom");
        Files.writeString(file, text);
        Process promtool = new ProcessBuilder(System.getenv().getOrDefault("PROMTOOL", "promtool"), "check", "metrics")
                .redirectInput(file.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor()).as(out).isZero();
        assertThat(out).isEmpty();
    }
}
