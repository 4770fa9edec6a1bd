package dev.calor.broker.validation;

import java.util.Objects;

/**
 * A refused publish: the reason and a human detail sent back as the MQTT 5 reason string.
 *
 * @param reason the category (metrics label, reason code)
 * @param detail what exactly was wrong; never contains secrets
 */
public record Rejection(RejectReason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The MQTT 5 reason string: {@code reason-label: detail}. */
    public String reasonString() {
        return reason.label() + ": " + detail;
    }
}
