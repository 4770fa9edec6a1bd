package dev.calor.worker.config;

import dev.calor.config.ConfigNode;
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

    /**
     * Reads an {@code email} section (the worker's e-mail channel, the care-app's invitations: the same keys).
     *
     * @return null when the file has no such section
     */
    public static EmailSettings read(ConfigNode e) {
        if (!e.isPresent()) {
            return null;
        }
        String from = e.required("from").orElse("");
        if (!from.isEmpty() && !from.matches("[^@\\s]+@[^@\\s]+")) {
            e.problem("from", "'" + from + "' is not an e-mail address");
        }
        return new EmailSettings(
                e.required("smtp-host").orElse(""),
                e.integer("smtp-port", DEFAULT_PORT, 1, 65535),
                from,
                e.string("username", ""),
                e.string("password", ""),
                e.bool("starttls", true),
                e.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100)));
    }

    @Override
    public String toString() {
        return "EmailSettings[" + smtpHost + ":" + smtpPort + ", from " + from + ", user " + username + ", starttls "
                + startTls + "]";
    }
}
