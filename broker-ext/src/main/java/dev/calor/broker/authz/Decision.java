package dev.calor.broker.authz;

/**
 * An authorization answer with the reason, sent to MQTT 5 clients as the reason string.
 *
 * @param allowed whether the action may proceed
 * @param reason why not (empty when allowed)
 */
public record Decision(boolean allowed, String reason) {

    private static final Decision ALLOW = new Decision(true, "");

    public static Decision allow() {
        return ALLOW;
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }
}
