package dev.calor.edgebridge.intake;

import dev.calor.edgebridge.transport.Measurement;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.proto.v1.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a decoded measurement into the {@link Reading} the bridge stores and publishes: maps the device's
 * sample time to UTC and flags a reading whose device clock cannot be trusted.
 *
 * <p>A device time is trusted when it lies between {@code earliestPlausible} and the bridge's receive
 * time plus {@code maxFutureSkew}. An older time is legitimate (readings the patch stored while the link
 * was down), a time before the earliest plausible one means the patch's clock was reset. An untrusted or
 * missing time is replaced by the receive time and the reading gets {@code QUALITY_FLAG_CLOCK_UNRELIABLE}.
 *
 * <p>Device time stamps (HTS Date Time) have whole seconds, and two readings can share one: a patch whose
 * clock a TIME_SET moved back, or one sampling faster than 1 Hz. InfluxDB keeps one point per series and
 * time, so the second reading would overwrite the first. Within its second, a reading is therefore placed
 * at {@code (sequence mod 1000)} ms plus {@code (boot epoch mod 1000)} µs: distinct readings get distinct
 * times, and a redelivered reading gets its own time again, so it still overwrites only itself.
 */
public final class ReadingMapper {

    public static final Instant DEFAULT_EARLIEST_PLAUSIBLE = Instant.parse("2020-01-01T00:00:00Z");
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private final Instant earliestPlausible;
    private final Duration maxFutureSkew;

    public ReadingMapper(Instant earliestPlausible, Duration maxFutureSkew) {
        this.earliestPlausible = Objects.requireNonNull(earliestPlausible, "earliestPlausible");
        this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    }

    public static ReadingMapper defaults() {
        return new ReadingMapper(DEFAULT_EARLIEST_PLAUSIBLE, DEFAULT_MAX_FUTURE_SKEW);
    }

    public Reading map(Measurement measurement, Instant received) {
        int flags = measurement.qualityFlags();
        Optional<Instant> trusted = measurement.deviceTime().filter(t -> isPlausible(t, received));
        if (trusted.isEmpty()) {
            flags |= QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE;
        }
        if (Double.isNaN(measurement.celsius()) || Double.isInfinite(measurement.celsius())) {
            flags |= QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE;
        }
        double celsius = Double.isFinite(measurement.celsius()) ? measurement.celsius() : Double.NaN;
        return Reading.newBuilder()
                .setSequence((int) measurement.sequence())
                .setBootEpoch((int) measurement.bootEpoch())
                .setSampleTimeUnixNs(
                        toNanos(trusted.map(t -> withinSecond(t, measurement)).orElse(received)))
                .setTemperatureCelsius(celsius)
                .setSite(measurement.site())
                .setQualityFlags(flags)
                .setReceivedTimeUnixNs(toNanos(received))
                .build();
    }

    static Instant withinSecond(Instant deviceTime, Measurement measurement) {
        if (deviceTime.getNano() != 0) {
            return deviceTime;
        }
        long offsetNanos = (measurement.sequence() % 1000) * 1_000_000L + (measurement.bootEpoch() % 1000) * 1_000L;
        return deviceTime.plusNanos(offsetNanos);
    }

    boolean isPlausible(Instant deviceTime, Instant received) {
        return !deviceTime.isBefore(earliestPlausible) && !deviceTime.isAfter(received.plus(maxFutureSkew));
    }

    static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
