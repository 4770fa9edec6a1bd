package dev.calor.worker.delivery;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.config.EmailSettings;
import dev.calor.worker.state.Delivery;

/**
 * Caregivers' e-mail addresses: one queue for every e-mail, apart from the other channels. Without an
 * {@code email} section in the configuration each e-mail delivery is abandoned at once (counted and
 * logged as such), so a registry naming e-mail channels never fills the outbox.
 */
public final class EmailChannel implements AlertChannel {

    private final EmailSender sender;

    /** @param settings null when no SMTP server is configured */
    public EmailChannel(EmailSettings settings) {
        this.sender = settings == null ? null : new EmailSender(settings);
    }

    @Override
    public String name() {
        return Delivery.EMAIL;
    }

    @Override
    public void send(Delivery d, Alert alert) {
        if (sender == null) {
            throw new DeliveryException("no SMTP server configured (worker config 'email')", true, null);
        }
        sender.send(d, alert);
    }
}
