package dev.calor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.app.registry.Role;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.GreenMailServer;
import dev.calor.worker.config.EmailSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * An owner's invitation goes to the invitee's address over SMTP (a real server process, GreenMail
 * standalone); the link in the e-mail lets the invitee join; a mail server that cannot be reached is
 * reported to the owner in the answer and in the invitation list, and counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class InvitationEmailIT {

    private static final Pattern CODE = Pattern.compile("#/join/(inv_[A-Za-z0-9_-]+)");

    private GreenMailServer smtp;
    private AppRig rig;
    private String anna;

    @BeforeAll
    void start() {
        smtp = GreenMailServer.start(Path.of("target/greenmail/greenmail-standalone.jar"));
        rig = new AppRig(
                """
                email: {smtp-host: 127.0.0.1, smtp-port: %d, from: invitations@calor.example, starttls: false, timeout: 5s}
                """
                        .formatted(smtp.smtpPort()));
        anna = rig.join("P-A", Role.OWNER, "Anna", "anna@example.org").getValue();
    }

    @AfterAll
    void stop() {
        try {
            if (rig != null) {
                rig.close();
            }
        } finally {
            if (smtp != null) {
                smtp.close();
            }
        }
    }

    @Test
    void theInviteeReceivesTheInvitationByEmailAndJoinsThroughItsLink() {
        var inv = rig.api.post(
                "/api/v1/patients/P-A/invitations", anna, Map.of("role", "family", "email", "bro@example.org"));
        assertThat(inv.status()).isEqualTo(201);
        assertThat(inv.json().path("email").path("status").asText()).isEqualTo("sent");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !smtp.inbox("bro@example.org").isEmpty());
        var mail = smtp.inbox("bro@example.org");
        assertThat(mail).hasSize(1);
        String text = mail.get(0).toString();
        assertThat(text)
                .contains("Anna invites you to care for Grandpa Abe")
                .contains(inv.json().path("invitationId").asText());
        Matcher code = CODE.matcher(text);
        assertThat(code.find()).isTrue();
        assertThat(code.group(1)).isEqualTo(inv.json().path("code").asText());

        var joined = rig.api.post(
                "/api/v1/invitations/" + code.group(1) + "/accept",
                null,
                Map.of("displayName", "Bro", "email", "bro@example.org", "password", AppRig.PASSWORD));
        assertThat(joined.status()).isEqualTo(201);
        assertThat(rig.api
                        .get(
                                "/api/v1/patients",
                                joined.json().path("accessToken").asText())
                        .json()
                        .findValuesAsText("patientId"))
                .containsExactly("P-A");
    }

    @Test
    void anUnreachableMailServerIsReportedToTheOwnerAndCounted() throws Exception {
        Path dir = rig.dir.resolve("no-smtp");
        EmailSettings nowhere = new EmailSettings(
                "127.0.0.1", FreePorts.next(), "invitations@calor.example", "", "", false, Duration.ofSeconds(2));
        try (CareApp other = CareApp.start(
                rig.config(rig.databaseUrl, rig.dir, 0)
                        .withRegistryFile(dir.resolve("care-circle.json"))
                        .withEmail(nowhere),
                Clock.systemUTC())) {
            Api api = new Api(other.port());
            var inv = api.post(
                    "/api/v1/patients/P-A/invitations", anna, Map.of("role", "clinician", "email", "dr@example.org"));
            assertThat(inv.status()).isEqualTo(201);
            assertThat(inv.json().path("email").path("status").asText()).isEqualTo("failed");
            assertThat(inv.json().path("email").path("detail").asText())
                    .contains("could not be reached")
                    .contains("pass the link on yourself");
            // the link still works: the owner can hand it on another way
            assertThat(inv.json().path("link").asText()).contains("#/join/inv_");

            var open = api.get("/api/v1/patients/P-A/invitations", anna).json();
            String id = inv.json().path("invitationId").asText();
            for (var o : open) {
                if (o.path("invitationId").asText().equals(id)) {
                    assertThat(o.path("emailStatus").asText()).isEqualTo("failed");
                }
            }
            assertThat(open.findValuesAsText("invitationId")).contains(id);
            String metrics = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + other.metricsPort() + "/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics).contains("calor_app_invitations_total{email=\"failed\"} 1.0");
        }
        assertThat(smtp.inbox("dr@example.org")).isEmpty();
    }

    @Test
    void aMalformedAddressIsRefusedBeforeAnythingIsSent() {
        var r = rig.api.post(
                "/api/v1/patients/P-A/invitations", anna, Map.of("role", "family", "email", "not an address"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
