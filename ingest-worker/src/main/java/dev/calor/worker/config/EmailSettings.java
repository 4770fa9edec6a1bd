package dev.calor.worker.config;

import java.time.Duration;

/**
 * The SMTP server the e-mail channel submits through.
 *
 * @param startTls require STARTTLS before authenticating (submission port 587); off only for a local relay
 * @param timeout connect, read and write time-out of one submission
 */
public record EmailSettings(
        String smtpHost,
        int smtpPort,
        String from,
        String username,
        String password,
        boolean startTls,
        Duration timeout) {

    public static final int DEFAULT_PORT = 587;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String toString() {
        return "EmailSettings[" + smtpHost + ":" + smtpPort + ", from " + from + ", user " + username + ", starttls "
                + startTls + "]";
    }
}
