package dev.calor.app.mail;

/**
 * Whether an invitation went out by e-mail: {@code sent}, {@code failed} (with why), {@code not-configured}
 * (no SMTP server), {@code none} (no address given).
 */
public record EmailOutcome(String status, String detail) {

    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String NOT_CONFIGURED = "not-configured";
    public static final String NONE = "none";

    public static EmailOutcome sent() {
        return new EmailOutcome(SENT, null);
    }

    public static EmailOutcome failed(String why) {
        return new EmailOutcome(FAILED, why);
    }

    public static EmailOutcome notConfigured() {
        return new EmailOutcome(NOT_CONFIGURED, "this app has no SMTP server configured; pass the link on yourself");
    }

    public static EmailOutcome none() {
        return new EmailOutcome(NONE, null);
    }
}
