package dev.calor.worker.carecircle;

/**
 * One way to reach one caregiver.
 *
 * @param index position of the channel in the caregiver's list (part of the idempotency key)
 * @param mqttUsername set for an MQTT channel
 * @param webhookUrl set for a webhook channel
 */
public record CaregiverChannel(
        String caregiverId, int index, String mqttUsername, String webhookUrl, String signingSecret) {

    public boolean isWebhook() {
        return webhookUrl != null;
    }
}
