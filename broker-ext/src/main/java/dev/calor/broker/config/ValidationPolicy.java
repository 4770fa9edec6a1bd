package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.time.Duration;

/**
 * Limits a reading batch must respect to be accepted.
 *
 * @param maxPayloadBytes largest accepted PUBLISH payload
 * @param maxReadingsPerBatch most readings in one batch
 * @param minTemperatureCelsius lowest plausible temperature (a detached patch reads ambient air)
 * @param maxTemperatureCelsius highest plausible temperature
 * @param maxFutureSkew how far a sample time may lie ahead of the broker clock
 * @param maxAge how old a sample may be (the retention of the time series)
 * @param requireSite whether every reading must name its measurement site
 */
public record ValidationPolicy(
        int maxPayloadBytes,
        int maxReadingsPerBatch,
        double minTemperatureCelsius,
        double maxTemperatureCelsius,
        Duration maxFutureSkew,
        Duration maxAge,
        boolean requireSite) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_READINGS_PER_BATCH = 1000;
    public static final double DEFAULT_MIN_TEMPERATURE_CELSIUS = 10.0;
    public static final double DEFAULT_MAX_TEMPERATURE_CELSIUS = 50.0;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** Off by default: a bridge cannot always tell the site (BLE without Temperature Type, finger, toe). */
    public static final boolean DEFAULT_REQUIRE_SITE = false;

    public ValidationPolicy {
        if (maxPayloadBytes < 1 || maxReadingsPerBatch < 1) {
            throw new IllegalArgumentException("size limits must be positive");
        }
        if (!(minTemperatureCelsius < maxTemperatureCelsius)) {
            throw new IllegalArgumentException("min temperature must be below max temperature");
        }
        if (maxFutureSkew.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("time limits must be positive");
        }
    }

    public static ValidationPolicy defaults() {
        return new ValidationPolicy(
                DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_MAX_READINGS_PER_BATCH,
                DEFAULT_MIN_TEMPERATURE_CELSIUS,
                DEFAULT_MAX_TEMPERATURE_CELSIUS,
                DEFAULT_MAX_FUTURE_SKEW,
                DEFAULT_MAX_AGE,
                DEFAULT_REQUIRE_SITE);
    }

    static ValidationPolicy read(ConfigNode n) {
        double min = n.decimal("min-temperature-celsius", DEFAULT_MIN_TEMPERATURE_CELSIUS, -50, 100);
        double max = n.decimal("max-temperature-celsius", DEFAULT_MAX_TEMPERATURE_CELSIUS, -50, 100);
        if (!(min < max)) {
            n.problem("min-temperature-celsius", "must be below max-temperature-celsius (" + min + " >= " + max + ")");
            min = DEFAULT_MIN_TEMPERATURE_CELSIUS;
            max = DEFAULT_MAX_TEMPERATURE_CELSIUS;
        }
        return new ValidationPolicy(
                n.integer("max-payload-bytes", DEFAULT_MAX_PAYLOAD_BYTES, 64, 16 * 1024 * 1024),
                n.integer("max-readings-per-batch", DEFAULT_MAX_READINGS_PER_BATCH, 1, 100_000),
                min,
                max,
                n.duration("max-future-skew", DEFAULT_MAX_FUTURE_SKEW, Duration.ZERO, Duration.ofDays(1)),
                n.duration("max-age", DEFAULT_MAX_AGE, Duration.ofMinutes(1), Duration.ofDays(3650)),
                n.bool("require-site", DEFAULT_REQUIRE_SITE));
    }
}
