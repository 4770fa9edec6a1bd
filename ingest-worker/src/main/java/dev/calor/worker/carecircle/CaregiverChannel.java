package dev.calor.worker.carecircle;

import dev.calor.proto.v1.QuietHours;

/**
 * One way to reach one caregiver.
 *
 * @param index position of the channel in the caregiver's list (part of the idempotency key)
 * @param kind the delivery channel that serves it: {@code mqtt} (the caregiver reads the patient's
 *     alert topic; nothing is sent per caregiver), {@code webhook}, {@code email}, …
 * @param target the MQTT username, the webhook URL, the e-mail address
 * @param secret webhook signing secret, empty when none
 * @param escalationRank the caregiver's place in the circle's escalation order (0: after every ranked one)
 * @param quietHours the caregiver's quiet hours (default instance: none)
 */
public record CaregiverChannel(
        String caregiverId,
        int index,
        String kind,
        String target,
        String secret,
        int escalationRank,
        QuietHours quietHours) {

    public static final String MQTT = "mqtt";
    public static final String WEBHOOK = "webhook";
    public static final String EMAIL = "email";

    public boolean isWebhook() {
        return WEBHOOK.equals(kind);
    }

    public String webhookUrl() {
        return isWebhook() ? target : null;
    }

    /** The rank as sorted: unranked (0) after every ranked caregiver. */
    public int sortRank() {
        return escalationRank == 0 ? Integer.MAX_VALUE : escalationRank;
    }
}
