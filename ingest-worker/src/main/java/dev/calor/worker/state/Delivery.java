package dev.calor.worker.state;

/**
 * One alert to hand to one channel: the patient's MQTT alert topic, or one caregiver's webhook.
 *
 * @param idempotencyKey unique per alert and channel; a webhook receiver gets it as a header
 * @param channel {@link #MQTT} or {@link #WEBHOOK}
 * @param target the topic or the URL
 * @param secret webhook signing secret, empty when none
 */
public record Delivery(String idempotencyKey, String alertId, String channel, String target, String secret) {

    public static final String MQTT = "mqtt";
    public static final String WEBHOOK = "webhook";
}
