package dev.calor.worker.delivery;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.alert.AlertIds;
import dev.calor.worker.config.EmailSettings;
import dev.calor.worker.state.Delivery;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * Submits an alert as a plain-text e-mail over SMTP (Angus Mail). The Message-ID is derived from the
 * delivery's idempotency key, so a resend after a lost reply is recognisable as the same message, and
 * every transition of an episode references the episode, so mail clients thread them. A refused recipient
 * is permanent; anything else (server down, time-out, 4xx) is retried by the deliverer.
 */
public final class EmailSender {

    private final EmailSettings settings;
    private final Session session;

    public EmailSender(EmailSettings settings) {
        this.settings = settings;
        this.session = SmtpSession.of(settings);
    }

    public void send(Delivery d, Alert alert) {
        MimeMessage m;
        try {
            m = message(d, alert);
        } catch (AddressException e) {
            throw new DeliveryException("e-mail address '" + d.target() + "' is invalid: " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            throw new DeliveryException("cannot build the e-mail: " + e.getMessage(), true, e);
        }
        try {
            Transport.send(m);
        } catch (SendFailedException e) {
            boolean refused = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
            throw new DeliveryException(
                    "SMTP " + settings.smtpHost() + " refused " + d.target() + ": " + e.getMessage(), refused, e);
        } catch (MessagingException e) {
            throw new DeliveryException(
                    "SMTP " + settings.smtpHost() + ":" + settings.smtpPort() + " failed: " + e.getMessage(), false, e);
        }
    }

    MimeMessage message(Delivery d, Alert alert) throws MessagingException {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId(d.idempotencyKey()));
            }
        };
        m.setFrom(new InternetAddress(settings.from(), true));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(d.target(), true));
        m.setSubject(subject(alert), "UTF-8");
        m.setSentDate(new Date(alert.getEmittedTimeUnixNs() / 1_000_000L));
        if (!alert.getEpisodeId().isEmpty()) {
            m.setHeader("References", messageId("episode/" + alert.getEpisodeId()));
        }
        m.setHeader("X-Calor-Alert-Id", alert.getAlertId());
        m.setText(body(alert), "UTF-8");
        return m;
    }

    static String subject(Alert a) {
        String severity = a.getSeverity().name().replace("ALERT_SEVERITY_", "");
        String kind = AlertIds.shortName(a.getKind());
        String transition = AlertIds.shortName(a.getTransition());
        return "[Calor] " + severity + ": " + kind + " " + transition + " - patient " + a.getPatientId();
    }

    static String body(Alert a) {
        StringBuilder b = new StringBuilder(a.getMessage()).append("\n\n");
        b.append("Patient: ").append(a.getPatientId()).append('\n');
        if (a.hasValueCelsius()) {
            b.append("Temperature: ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", a.getValueCelsius()))
                    .append(" °C (core estimate)\n");
        }
        b.append("Event time: ").append(time(a.getEventTimeUnixNs())).append('\n');
        if (!a.getEpisodeId().isEmpty()) {
            b.append("Episode: ").append(a.getEpisodeId()).append('\n');
        }
        if (!a.getAcknowledgedBy().isEmpty()) {
            b.append("Acknowledged by: ").append(a.getAcknowledgedBy()).append('\n');
        }
        b.append("\nAcknowledge in the Calor app to stop reminders.\n");
        return b.toString();
    }

    private static String time(long ns) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochSecond(0, ns).atOffset(ZoneOffset.UTC).withNano(0));
    }

    private static String messageId(String key) {
        return "<" + key.replaceAll("[^A-Za-z0-9._-]", ".") + "@calor>";
    }
}
