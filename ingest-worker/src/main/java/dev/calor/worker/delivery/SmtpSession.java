package dev.calor.worker.delivery;

import dev.calor.worker.config.EmailSettings;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.util.Properties;

/**
 * The Angus Mail session for an SMTP server: time-outs on connect, read and write, STARTTLS required when
 * configured, authentication when a user name is set. One mail stack for every e-mail Calor sends (the
 * worker's alerts, the care-app's invitations).
 */
public final class SmtpSession {

    private SmtpSession() {}

    public static Session of(EmailSettings settings) {
        Properties p = new Properties();
        String ms = Long.toString(settings.timeout().toMillis());
        p.put("mail.smtp.host", settings.smtpHost());
        p.put("mail.smtp.port", Integer.toString(settings.smtpPort()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        boolean auth = !settings.username().isEmpty();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        return Session.getInstance(
                p,
                auth
                        ? new Authenticator() {
                            @Override
                            protected PasswordAuthentication getPasswordAuthentication() {
                                return new PasswordAuthentication(settings.username(), settings.password());
                            }
                        }
                        : null);
    }
}
