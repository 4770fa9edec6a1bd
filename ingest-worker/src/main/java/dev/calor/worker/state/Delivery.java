package dev.calor.worker.state;

/**
 * One alert to hand to one channel: the patient's MQTT alert topic, its retained state topic, the
 * {@code alerts} series in InfluxDB, or one caregiver's webhook (e-mail, …).
 *
 * @param idempotencyKey unique per alert and channel; a webhook receiver gets it as a header
 * @param channel the name of the {@code AlertChannel} that delivers it ({@link #MQTT}, {@link #STATE},
 *     {@link #INFLUX}, {@link #WEBHOOK}, {@code email}, …); each channel has its own queue and thread
 * @param target the topic, the URL, the address
 * @param secret webhook signing secret, empty when none
 */
public record Delivery(String idempotencyKey, String alertId, String channel, String target, String secret) {

    public static final String MQTT = "mqtt";
    public static final String STATE = "state";
    public static final String INFLUX = "influx";
    public static final String WEBHOOK = "webhook";
}
