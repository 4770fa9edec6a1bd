package dev.calor.app.mail;

import dev.calor.worker.config.EmailSettings;
import dev.calor.worker.delivery.SmtpSession;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an invitation to the invitee's address over SMTP (the worker's mail stack, {@link SmtpSession}),
 * while the owner waits: the owner learns at once whether it went out, and can pass the link on another
 * way when it did not. Without an SMTP server configured nothing is sent and the owner is told so.
 */
public final class InvitationMailer {

    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.invitation-email");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC)
            .withLocale(java.util.Locale.ENGLISH);

    /** What the invitation's e-mail is about. */
    public record Letter(
            String invitationId,
            String to,
            String patientName,
            String inviterName,
            String role,
            String link,
            String code,
            Instant expiresAt) {}

    private final EmailSettings settings;
    private final Session session;

    /** @param settings null when no SMTP server is configured */
    public InvitationMailer(EmailSettings settings) {
        this.settings = settings;
        this.session = settings == null ? null : SmtpSession.of(settings);
    }

    public EmailOutcome send(Letter letter) {
        if (session == null) {
            return EmailOutcome.notConfigured();
        }
        try {
            Transport.send(message(letter));
            EVENTS.info("invitation {} sent to {}", letter.invitationId(), letter.to());
            return EmailOutcome.sent();
        } catch (SendFailedException e) {
            boolean refused = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
            return failed(letter, refused ? "the mail server refused the address" : "the mail server refused it", e);
        } catch (MessagingException e) {
            return failed(letter, "the mail server could not be reached", e);
        } catch (RuntimeException e) {
            return failed(letter, "the e-mail could not be built", e);
        }
    }

    private EmailOutcome failed(Letter letter, String why, Exception e) {
        EVENTS.warn(
                "invitation {} NOT sent to {} via {}:{}: {} ({})",
                letter.invitationId(),
                letter.to(),
                settings.smtpHost(),
                settings.smtpPort(),
                why,
                e.toString());
        return EmailOutcome.failed(why + "; pass the link on yourself");
    }

    MimeMessage message(Letter l) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(settings.from(), true));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(l.to(), true));
        m.setSubject(subject(l), "UTF-8");
        m.setSentDate(new Date());
        m.setHeader("X-Calor-Invitation-Id", l.invitationId());
        m.setText(body(l), "UTF-8");
        return m;
    }

    static String subject(Letter l) {
        return "[Calor] " + who(l) + " invites you to care for " + l.patientName();
    }

    static String body(Letter l) {
        return who(l) + " invites you into the care circle of " + l.patientName() + " on Calor, as " + l.role()
                + ".\n\n" + "Accept the invitation here:\n" + l.link() + "\n\n" + "Or enter this code in the app: "
                + l.code() + "\n\n" + "The invitation works once and expires on " + DAY.format(l.expiresAt())
                + ".\nIf you did not expect it, ignore this message.\n";
    }

    private static String who(Letter l) {
        return l.inviterName() == null || l.inviterName().isBlank() ? "Someone" : l.inviterName();
    }
}
