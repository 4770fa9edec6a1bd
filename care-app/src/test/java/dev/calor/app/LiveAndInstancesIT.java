package dev.calor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.app.registry.Role;
import dev.calor.proto.CareCircleFiles;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Live updates reach a browser within 2 s of a reading being stored; two app instances on one database
 * behave as one: a token from one works on the other, sign-in throttling counts across both, and a
 * registry change made through one is exported by the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class LiveAndInstancesIT {

    private AppRig rig;
    private CareApp second;
    private Api api2;
    private String bob;

    @BeforeAll
    void start() {
        rig = new AppRig();
        Path dir2 = rig.dir.resolve("second");
        second = CareApp.start(
                rig.config(rig.databaseUrl, dir2.getParent(), 0).withRegistryFile(dir2.resolve("care-circle.json")),
                Clock.systemUTC());
        api2 = new Api(second.port());
        bob = rig.join("P-B", Role.OWNER, "Bob", "bob@example.org").getValue();
    }

    @AfterAll
    void stop() {
        try {
            if (second != null) {
                second.close();
            }
        } finally {
            if (rig != null) {
                rig.close();
            }
        }
    }

    @Test
    void aStoredReadingReachesTheLiveStreamWithinTwoSeconds() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> response = open("/api/v1/patients/P-B/live?access_token=" + bob, lines);

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            double value = 37.11 + i;
            long stored = System.nanoTime();
            long t = System.currentTimeMillis() * 1_000_000L;
            rig.influxWrite(
                    "raw_30d",
                    "body_temperature,device_id=patch-b1,patient_id=P-B,site=axilla celsius=36.5,core_celsius=" + value
                            + " " + t);
            String needle = "\"coreCelsius\":" + value;
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> lines.stream().anyMatch(l -> l.contains(needle)));
            latencies.add((System.nanoTime() - stored) / 1_000_000);
        }
        Collections.sort(latencies);
        System.out.printf(
                "stored reading -> SSE event: median %d ms, max %d ms (%d samples, poll 200 ms)%n",
                latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1), latencies.size());
        assertThat(latencies.get(latencies.size() - 1)).isLessThan(2000);
        assertThat(lines).contains("event: reading");
        response.body().close();
    }

    @Test
    void readingsStoredLateReachTheStreamAsABacklogNotAsTheCurrentValue() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> response = open("/api/v1/patients/P-B/live?access_token=" + bob, lines);
        long now = System.currentTimeMillis() * 1_000_000L;
        rig.influxWrite(
                "raw_30d",
                "body_temperature,device_id=patch-b1,patient_id=P-B,site=axilla celsius=36.5,core_celsius=37.01,seq=1i "
                        + now);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("37.01")));

        // a bridge back from an outage flushes 20 minutes of readings sampled 3 hours ago
        List<Long> latencies = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            StringBuilder backlog = new StringBuilder();
            long start = now - (3 * 3600 + round * 1200) * 1_000_000_000L;
            for (int i = 0; i < 20; i++) {
                backlog.append("body_temperature,device_id=patch-b1,patient_id=P-B,site=axilla celsius=36.5,")
                        .append("core_celsius=")
                        .append(late(round, i))
                        .append(",seq=")
                        .append(100 + i)
                        .append("i ")
                        .append(start + i * 60_000_000_000L)
                        .append('\n');
            }
            long stored = System.nanoTime();
            rig.influxWrite("raw_30d", backlog.toString());
            String last = "\"coreCelsius\":" + late(round, 19) + ",";
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> lines.stream().anyMatch(l -> l.contains(last)));
            latencies.add((System.nanoTime() - stored) / 1_000_000);
        }
        Collections.sort(latencies);
        System.out.printf(
                "late backlog (20 readings, 3 h old) stored -> backlog event: median %d ms, max %d ms (%d samples, poll 200 ms)%n",
                latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1), latencies.size());
        List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        int backlogEvents =
                (int) lines.stream().filter(l -> l.equals("event: backlog")).count();
        assertThat(backlogEvents).isBetween(3, 6);
        // every late reading once, none of them as a 'reading' event (the current value stays 37.01)
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                String v = "\"coreCelsius\":" + late(round, i) + ",";
                assertThat(data.stream().filter(l -> l.contains(v)).count())
                        .as(v)
                        .isEqualTo(1);
            }
        }
        assertThat(rig.api
                        .get("/api/v1/patients/P-B", bob)
                        .json()
                        .path("current")
                        .path("coreCelsius")
                        .asDouble())
                .isEqualTo(37.01);
        response.body().close();
    }

    /** 36.1007, 36.1017, …: distinct, and printed the same by InfluxDB and Jackson. */
    private static String late(int round, int i) {
        return "36." + (100 + round * 20 + i) + "7";
    }

    private HttpResponse<Stream<String>> open(String path, List<String> lines) throws Exception {
        int before = rig.app.watchers();
        HttpRequest req = HttpRequest.newBuilder(URI.create(rig.api.base() + path))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<Stream<String>> response = rig.api
                .http()
                .sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .get();
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.app.watchers() > before);
        return response;
    }

    @Test
    void aTokenFromOneInstanceWorksOnTheOther() {
        var me = api2.get("/api/v1/me", bob);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo("bob@example.org");
    }

    @Test
    void signInThrottlingCountsAcrossInstances() {
        rig.join("P-B", Role.FAMILY, "Eve", "eve@example.org");
        for (int i = 0; i < 5; i++) {
            Api target = i % 2 == 0 ? rig.api : api2;
            assertThat(target.post(
                                    "/api/v1/auth/login",
                                    null,
                                    Map.of("email", "eve@example.org", "password", "nope-nope-" + i))
                            .status())
                    .isEqualTo(401);
        }
        assertThat(api2.post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("email", "eve@example.org", "password", AppRig.PASSWORD))
                        .status())
                .isEqualTo(429);
        assertThat(rig.api
                        .post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("email", "eve@example.org", "password", AppRig.PASSWORD))
                        .status())
                .isEqualTo(429);
    }

    @Test
    void anOwnersInvitationLimitCountsAcrossInstances() {
        String owner = rig.join("P-A", Role.OWNER, "Olga", "olga@example.org").getValue();
        int limit = dev.calor.app.identity.Invitations.PER_OWNER.max();
        for (int i = 0; i < limit; i++) {
            Api target = i % 2 == 0 ? rig.api : api2;
            assertThat(target.post("/api/v1/patients/P-A/invitations", owner, Map.of("role", "family"))
                            .status())
                    .isEqualTo(201);
        }
        var refused = api2.post("/api/v1/patients/P-A/invitations", owner, Map.of("role", "family"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("type").asText()).endsWith("/too-many-requests");
        assertThat(rig.api
                        .post("/api/v1/patients/P-A/invitations", owner, Map.of("role", "family"))
                        .status())
                .isEqualTo(429);
    }

    @Test
    void aChangeThroughOneInstanceIsExportedByTheOther() {
        long start = System.nanoTime();
        var r = rig.api.post("/api/v1/patients/P-B/devices", bob, Map.of("deviceId", "patch-b9", "site", "skin"));
        assertThat(r.status()).isEqualTo(201);
        Path otherFile = second.registryFile();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> CareCircleFiles.read(otherFile).getAssignmentsList().stream()
                        .anyMatch(a -> a.getDeviceId().equals("patch-b9")));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                "change on instance 1 -> exported by instance 2: %d ms (1 sample, includes the HTTP request)%n", ms);
        assertThat(ms).isLessThan(2000);
    }
}
