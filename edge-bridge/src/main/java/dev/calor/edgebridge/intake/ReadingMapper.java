package dev.calor.edgebridge.intake;

import dev.calor.edgebridge.time.ClockJudge;
import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.proto.v1.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Turns a decoded measurement into the {@link Reading} the bridge stores and publishes: maps the device's
 * sample time to UTC and flags a reading whose time cannot be trusted.
 *
 * <p>A device time is trusted when it lies between {@code earliestPlausible} and the bridge's receive
 * time plus {@code maxFutureSkew}, and the bridge's own clock is believed ({@link ClockJudge}). An older
 * time is legitimate (readings the patch stored while the link was down). When the bridge cannot vouch for
 * its own clock, a plausible device time is kept but flagged {@code QUALITY_FLAG_CLOCK_UNRELIABLE} (it could
 * not be checked). A missing or implausible device time is replaced by the receive time and flagged.
 *
 * <p>Point identity: InfluxDB keeps one point per series and time, so no two readings of a device may get
 * the same sample time, while a redelivered reading must get its own again (the time is computed once, here,
 * and stored with the reading). A whole-second device time is placed at {@code (sequence mod 1000)} ms plus
 * {@code (boot epoch mod 1000)} µs within its second, so its nanosecond digits are {@code 000}. A reading
 * without a trusted time gets the receive time, moved on by at least one microsecond past the previous such
 * reading of the device (a backlog committed in one group stays as many points, in order), plus {@code 1 +
 * (sequence mod 999)} ns: never {@code 000}, so it cannot coincide with a device-timed reading either.
 *
 * <p>Not thread-safe: used by the intake's writer thread only.
 */
public final class ReadingMapper {

    public static final Instant DEFAULT_EARLIEST_PLAUSIBLE = ClockJudge.EARLIEST_PLAUSIBLE;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private final Instant earliestPlausible;
    private final Duration maxFutureSkew;
    private final BooleanSupplier bridgeClockTrusted;
    private final Map<String, Instant> lastEstimated = new HashMap<>();

    public ReadingMapper(Instant earliestPlausible, Duration maxFutureSkew, BooleanSupplier bridgeClockTrusted) {
        this.earliestPlausible = Objects.requireNonNull(earliestPlausible, "earliestPlausible");
        this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        this.bridgeClockTrusted = Objects.requireNonNull(bridgeClockTrusted, "bridgeClockTrusted");
    }

    public static ReadingMapper defaults() {
        return new ReadingMapper(DEFAULT_EARLIEST_PLAUSIBLE, DEFAULT_MAX_FUTURE_SKEW, () -> true);
    }

    public Reading map(Measurement measurement, Instant received) {
        int flags = measurement.qualityFlags();
        boolean bridgeTrusted = bridgeClockTrusted.getAsBoolean();
        Optional<Instant> deviceTime = measurement.deviceTime().filter(t -> !t.isBefore(earliestPlausible));
        Optional<Instant> usable = bridgeTrusted ? deviceTime.filter(t -> !tooFarAhead(t, received)) : deviceTime;
        if (usable.isEmpty() || !bridgeTrusted) {
            flags |= QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE;
        }
        if (Double.isNaN(measurement.celsius()) || Double.isInfinite(measurement.celsius())) {
            flags |= QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE;
        }
        double celsius = Double.isFinite(measurement.celsius()) ? measurement.celsius() : Double.NaN;
        Instant sampleTime =
                usable.map(t -> withinSecond(t, measurement)).orElseGet(() -> estimated(measurement, received));
        return Reading.newBuilder()
                .setSequence((int) measurement.sequence())
                .setBootEpoch((int) measurement.bootEpoch())
                .setSampleTimeUnixNs(TimeConversions.toNanos(sampleTime))
                .setTemperatureCelsius(celsius)
                .setSite(measurement.site())
                .setQualityFlags(flags)
                .setReceivedTimeUnixNs(TimeConversions.toNanos(received))
                .build();
    }

    static Instant withinSecond(Instant deviceTime, Measurement measurement) {
        if (deviceTime.getNano() != 0) {
            return deviceTime;
        }
        long offsetNanos = (measurement.sequence() % 1000) * 1_000_000L + (measurement.bootEpoch() % 1000) * 1_000L;
        return deviceTime.plusNanos(offsetNanos);
    }

    private Instant estimated(Measurement measurement, Instant received) {
        Instant micros = received.truncatedTo(ChronoUnit.MICROS);
        Instant last = lastEstimated.get(measurement.deviceId());
        if (last != null && !micros.isAfter(last)) {
            micros = last.plus(1, ChronoUnit.MICROS);
        }
        lastEstimated.put(measurement.deviceId(), micros);
        return micros.plusNanos(1 + measurement.sequence() % 999);
    }

    private boolean tooFarAhead(Instant deviceTime, Instant received) {
        return deviceTime.isAfter(received.plus(maxFutureSkew));
    }
}
