package dev.calor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calor.app.registry.RegistrySnapshotReader;
import dev.calor.app.registry.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Walks every operation of the served OpenAPI document, so an endpoint added later is covered without
 * touching this test: without a token every protected operation answers 401; a caregiver of another
 * circle who names this circle's patient, members, patches, invitations in any path parameter, query
 * parameter or body field gets a 404 or a refusal, never the patient's data, and nothing of the patient
 * changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class AuthorizationIT {

    private static final String VICTIM_NAME = "Grandpa Abe";
    private static final String VICTIM_EMAIL = "anna@example.org";

    private AppRig rig;
    private Api api;
    private String annaId;
    private String anna;
    private String mallory;
    private String sis;
    private String doctor;
    private String invitationOfA;
    private JsonNode document;

    @BeforeAll
    void start() {
        rig = new AppRig();
        api = rig.api;
        var a = rig.join("P-A", Role.OWNER, "Anna", VICTIM_EMAIL);
        annaId = a.getKey();
        anna = a.getValue();
        sis = rig.join("P-A", Role.FAMILY, "Sis", "sis@example.org").getValue();
        doctor = rig.join("P-A", Role.CLINICIAN, "Dr Who", "dr@example.org").getValue();
        mallory = rig.join("P-B", Role.OWNER, "Mallory", "mallory@example.org").getValue();
        invitationOfA = api.post("/api/v1/patients/P-A/invitations", anna, Map.of("role", "family"))
                .json()
                .get("invitationId")
                .asText();
        document = api.get("/api/v1/openapi.json", null).json();
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    record Op(String method, String path, JsonNode spec) {
        boolean secured() {
            return !spec.get("security").isEmpty();
        }
    }

    private List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(p -> p.getValue()
                .fields()
                .forEachRemaining(m -> ops.add(new Op(m.getKey().toUpperCase(), p.getKey(), m.getValue()))));
        // signing out or changing the password would end the caller's own session mid-walk
        ops.sort(Comparator.comparing(
                (Op o) -> o.path().startsWith("/auth/logout") || o.path().equals("/me/password")));
        return ops;
    }

    @Test
    void everyProtectedOperationRefusesAMissingOrForgedToken() {
        int checked = 0;
        for (Op op : operations()) {
            if (!op.secured()) {
                continue;
            }
            String path = "/api/v1" + fill(op.path(), "P-A");
            for (String token : new String[] {null, "eyJhbGciOiJFUzI1NiJ9.e30.AAAA"}) {
                var r = api.call(op.method(), path, token, body(op));
                assertThat(r.status())
                        .as(op.method() + " " + op.path() + " with token " + token)
                        .isEqualTo(401);
                assertThat(r.contentType()).startsWith("application/problem+json");
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aCaregiverOfAnotherCircleNeverReachesThePatientThroughAnyOperation() {
        String before = RegistrySnapshotReader.patientPart(rig.app.database(), "P-A");
        int foreignPath = 0;
        for (Op op : operations()) {
            if (!op.secured()) {
                continue;
            }
            // 1. the other circle's patient in the path, its ids everywhere else
            if (op.path().contains("{patientId}")) {
                var r = api.call(op.method(), "/api/v1" + fill(op.path(), "P-A") + query(op), mallory, body(op));
                assertThat(r.status())
                        .as(op.method() + " " + op.path() + " on P-A: " + r.body())
                        .isEqualTo(404);
                assertNoLeak(op, r);
                foreignPath++;
                // 2. my own patient in the path, the other circle's members, patches, invitations below it
                if (op.path().replace("{patientId}", "").contains("{")) {
                    var own = api.call(op.method(), "/api/v1" + fill(op.path(), "P-B") + query(op), mallory, body(op));
                    assertThat(own.status())
                            .as(op.method() + " " + op.path() + " on P-B with P-A's ids: " + own.body())
                            .isBetween(400, 499);
                    assertNoLeak(op, own);
                }
            } else {
                // 3. no patient in the path: the other circle's ids in query and body only
                var r = api.call(op.method(), "/api/v1" + fill(op.path(), "P-A") + query(op), mallory, body(op));
                assertNoLeak(op, r);
            }
        }
        assertThat(foreignPath).isGreaterThanOrEqualTo(15);
        assertThat(RegistrySnapshotReader.patientPart(rig.app.database(), "P-A"))
                .isEqualTo(before);
        assertThat(api.get("/api/v1/patients/P-A", anna).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/patients/P-A/invitations", anna).body()).contains(invitationOfA);
    }

    @Test
    void familyAndCliniciansMayDoWhatTheRoleMatrixSaysAndNothingMore() {
        String members = "/api/v1/patients/P-A/members/" + annaId;
        Map<String, Object[]> ownerOnly = new java.util.LinkedHashMap<>();
        ownerOnly.put("GET invitations", new Object[] {"GET", "/api/v1/patients/P-A/invitations", null});
        ownerOnly.put(
                "POST invitations",
                new Object[] {"POST", "/api/v1/patients/P-A/invitations", Map.of("role", "family")});
        ownerOnly.put(
                "DELETE invitation",
                new Object[] {"DELETE", "/api/v1/patients/P-A/invitations/" + invitationOfA, null});
        ownerOnly.put("PATCH member", new Object[] {"PATCH", members, Map.of("escalationRank", 3)});
        ownerOnly.put("DELETE member", new Object[] {"DELETE", members, null});
        ownerOnly.put("password reset", new Object[] {"POST", members + "/password-reset", null});
        ownerOnly.put(
                "assign patch",
                new Object[] {"POST", "/api/v1/patients/P-A/devices", Map.of("deviceId", "patch-x", "site", "skin")});
        ownerOnly.put("replace patch", new Object[] {
            "POST", "/api/v1/patients/P-A/devices/patch-a1/replace", Map.of("newDeviceId", "patch-y")
        });
        ownerOnly.put("end patch", new Object[] {"DELETE", "/api/v1/patients/P-A/devices/patch-a1", null});
        for (String token : new String[] {sis, doctor}) {
            ownerOnly.forEach((what, call) -> assertThat(api.call((String) call[0], (String) call[1], token, call[2])
                            .status())
                    .as(what)
                    .isEqualTo(403));
            // what every role may do
            assertThat(api.get("/api/v1/patients/P-A/members", token).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/patients/P-A/devices", token).status()).isEqualTo(200);
        }
        assertThat(api.put("/api/v1/patients/P-A/thresholds", sis, Map.of("feverCelsius", 38.2))
                        .status())
                .isEqualTo(403);
        assertThat(api.put("/api/v1/patients/P-A/thresholds", doctor, Map.of()).status())
                .isEqualTo(200);
        assertThat(RegistrySnapshotReader.patientPart(rig.app.database(), "P-A"))
                .contains("patch-a1");
    }

    private void assertNoLeak(Op op, Api.Response r) {
        String body = r.body();
        assertThat(body)
                .as(op.method() + " " + op.path())
                .doesNotContain(VICTIM_NAME)
                .doesNotContain(VICTIM_EMAIL)
                .doesNotContain("patch-a1\",\"site")
                .doesNotContain("\"role\":\"owner\",\"escalationRank\"");
        if (r.json() != null && r.json().isArray()) {
            assertThat(r.body()).doesNotContain("\"patientId\":\"P-A\"");
        }
    }

    private String fill(String path, String patientId) {
        return path.replace("{patientId}", patientId)
                .replace("{caregiverId}", annaId)
                .replace("{deviceId}", "patch-a1")
                .replace("{invitationId}", invitationOfA)
                .replace("{episodeId}", "P-A:FEVER:1764579600000000000")
                .replace("{position}", "0")
                .replace("{code}", "inv_not-a-code");
    }

    private String query(Op op) {
        StringBuilder q = new StringBuilder();
        for (JsonNode p : op.spec().path("parameters")) {
            if ("query".equals(p.get("in").asText())) {
                q.append(q.length() == 0 ? '?' : '&')
                        .append(p.get("name").asText())
                        .append('=')
                        .append(
                                switch (p.get("name").asText()) {
                                    case "from" ->
                                        Instant.now().minusSeconds(3600).toString();
                                    case "to" -> Instant.now().toString();
                                    case "limit" -> "10";
                                    default -> "P-A";
                                });
            }
        }
        return q.toString();
    }

    /** A request body from the operation's schema, every field naming the other circle's things. */
    private Object body(Op op) {
        JsonNode schema = op.spec()
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        if (!schema.has("$ref")) {
            return Map.of("feverCelsius", 38.5, "patientId", "P-A");
        }
        String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
        ObjectNode body = Api.JSON.createObjectNode();
        document.path("components")
                .path("schemas")
                .path(name)
                .path("properties")
                .fields()
                .forEachRemaining(f -> {
                    String type = f.getValue().path("type").asText();
                    switch (f.getKey()) {
                        case "patientId" -> body.put(f.getKey(), "P-A");
                        case "deviceId", "newDeviceId" -> body.put(f.getKey(), "patch-a1");
                        case "caregiverId" -> body.put(f.getKey(), annaId);
                        case "email" -> body.put(f.getKey(), VICTIM_EMAIL);
                        case "role" -> body.put(f.getKey(), "owner");
                        case "password", "newPassword", "currentPassword" -> body.put(f.getKey(), AppRig.PASSWORD);
                        case "channels" -> body.putArray(f.getKey());
                        default -> {
                            if ("integer".equals(type)) {
                                body.put(f.getKey(), 1);
                            } else if ("date-time"
                                    .equals(f.getValue().path("format").asText())) {
                                body.put(f.getKey(), Instant.now().toString());
                            } else if ("string".equals(type)) {
                                body.put(f.getKey(), "x");
                            }
                        }
                    }
                });
        return body;
    }
}
