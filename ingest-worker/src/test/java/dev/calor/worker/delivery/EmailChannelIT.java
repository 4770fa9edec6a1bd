package dev.calor.worker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertSeverity;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.GreenMailServer;
import dev.calor.worker.config.EmailSettings;
import dev.calor.worker.state.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The e-mail channel against a real SMTP server process (GreenMail standalone). */
@Timeout(120)
class EmailChannelIT {

    private static GreenMailServer smtp;

    @BeforeAll
    static void start() {
        smtp = GreenMailServer.start(Path.of("target/greenmail/greenmail-standalone.jar"));
    }

    @AfterAll
    static void stop() {
        if (smtp != null) {
            smtp.close();
        }
    }

    private static EmailSettings settings(int port) {
        return new EmailSettings("127.0.0.1", port, "alerts@calor.example", "", "", false, Duration.ofSeconds(5));
    }

    private static Alert fever() {
        return Alert.newBuilder()
                .setAlertId("P-0001:FEVER:1764579600000000000:RAISED")
                .setEpisodeId("P-0001:FEVER:1764579600000000000")
                .setPatientId("P-0001")
                .setKind(AlertKind.ALERT_KIND_FEVER)
                .setTransition(AlertTransition.ALERT_TRANSITION_RAISED)
                .setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                .setValueCelsius(38.6)
                .setEventTimeUnixNs(1_764_579_600_000_000_000L)
                .setEmittedTimeUnixNs(1_764_579_601_000_000_000L)
                .setMessage("Fever 38.6 °C (core est.) since 09:00 UTC, patch P-0001")
                .build();
    }

    @Test
    void deliversAnAlertAsAnEmailToTheCaregiversAddress() {
        Delivery d = new Delivery(
                "P-0001:FEVER:1764579600000000000:RAISED/anna/1",
                "P-0001:FEVER:1764579600000000000:RAISED",
                Delivery.EMAIL,
                "anna@family.example",
                "");
        new EmailChannel(settings(smtp.smtpPort())).send(d, fever());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !smtp.inbox("anna@family.example").isEmpty());
        var mail = smtp.inbox("anna@family.example");
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).toString())
                .contains("[Calor] WARNING: FEVER RAISED - patient P-0001")
                .contains("Fever 38.6")
                .contains("P-0001.FEVER.1764579600000000000.RAISED.anna.1@calor");
    }

    @Test
    void anUnreachableServerIsATransientFailureToRetry() {
        Delivery d = new Delivery("k", "a", Delivery.EMAIL, "anna@family.example", "");
        DeliveryException e = catchThrowableOfType(
                DeliveryException.class, () -> new EmailChannel(settings(FreePorts.next())).send(d, fever()));
        assertThat(e.permanent()).isFalse();
    }

    @Test
    void withoutAnSmtpServerConfiguredEveryEmailIsAbandonedAtOnce() {
        Delivery d = new Delivery("k", "a", Delivery.EMAIL, "anna@family.example", "");
        DeliveryException e =
                catchThrowableOfType(DeliveryException.class, () -> new EmailChannel(null).send(d, fever()));
        assertThat(e.permanent()).isTrue();
        assertThat(e).hasMessageContaining("no SMTP server configured");
    }

    @Test
    void aMalformedAddressIsPermanent() {
        Delivery d = new Delivery("k", "a", Delivery.EMAIL, "not an address", "");
        DeliveryException e = catchThrowableOfType(
                DeliveryException.class, () -> new EmailChannel(settings(smtp.smtpPort())).send(d, fever()));
        assertThat(e.permanent()).isTrue();
    }
}
