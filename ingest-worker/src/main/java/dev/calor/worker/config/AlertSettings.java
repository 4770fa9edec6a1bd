package dev.calor.worker.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Alert engine and delivery settings.
 *
 * @param stateFile SQLite file of alert states and the delivery outbox
 * @param lateAfter an alert whose event lies further back is marked late (backlog)
 * @param tickInterval how often silence (NO_DATA) is checked and the care-circle file looked at
 * @param deliveryRetryInitial first delay before a failed delivery is retried (doubling)
 * @param deliveryRetryMax longest delay between delivery attempts
 * @param deliveryGiveUpAfter a delivery still failing after this long is abandoned (counted, logged)
 * @param webhookTimeout per webhook request
 * @param keepAlerts alerts of cleared episodes older than this are pruned from the state file (InfluxDB
 *     keeps them with the roll-ups)
 */
public record AlertSettings(
        Path stateFile,
        Duration lateAfter,
        Duration tickInterval,
        Duration deliveryRetryInitial,
        Duration deliveryRetryMax,
        Duration deliveryGiveUpAfter,
        Duration webhookTimeout,
        Duration keepAlerts) {

    public static final Duration DEFAULT_LATE_AFTER = Duration.ofMinutes(30);
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DELIVERY_RETRY_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DELIVERY_RETRY_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DELIVERY_GIVE_UP_AFTER = Duration.ofHours(24);
    public static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_KEEP_ALERTS = Duration.ofDays(30);
}
