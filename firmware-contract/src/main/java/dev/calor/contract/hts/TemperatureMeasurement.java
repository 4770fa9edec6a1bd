package dev.calor.contract.hts;

import dev.calor.contract.ieee11073.Float11073;
import dev.calor.contract.ieee11073.SpecialValue;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One Temperature Measurement (0x2A1C) value. The temperature is kept as its exact IEEE 11073 FLOAT
 * bits so decoding and re-encoding gives the same bytes; {@link #value()} gives it as a double.
 * The Date Time field carries no zone: in the Calor contract it is UTC (see CONTRACT.md).
 *
 * @param floatBits the temperature as IEEE 11073 32-bit FLOAT bits, possibly a special value
 * @param unit Celsius or Fahrenheit (flag bit 0)
 * @param timestamp the device's time stamp (flag bit 1), second resolution
 * @param type where the temperature was taken (flag bit 2)
 */
public record TemperatureMeasurement(
        int floatBits, TemperatureUnit unit, Optional<LocalDateTime> timestamp, Optional<TemperatureType> type) {

    /** Exponent used by {@link #of} : hundredths of a degree, the resolution of clinical thermometers. */
    public static final int DEFAULT_EXPONENT = -2;

    public TemperatureMeasurement {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(type, "type");
        timestamp.ifPresent(t -> {
            if (t.getYear() < HtsTemperatureMeasurementCodec.YEAR_MIN
                    || t.getYear() > HtsTemperatureMeasurementCodec.YEAR_MAX
                    || t.getNano() != 0) {
                throw new IllegalArgumentException("HTS Date Time holds years 1582..9999 in whole seconds: " + t);
            }
        });
    }

    /** A measurement with the value rounded to hundredths of a degree. */
    public static TemperatureMeasurement of(
            double value, TemperatureUnit unit, LocalDateTime timestamp, TemperatureType type) {
        return new TemperatureMeasurement(
                Float11073.fromDouble(value, DEFAULT_EXPONENT),
                unit,
                Optional.ofNullable(timestamp),
                Optional.ofNullable(type));
    }

    /** The temperature in {@link #unit()}: NaN for NaN, NRes and reserved; +/-infinity for the infinities. */
    public double value() {
        return Float11073.toDouble(floatBits);
    }

    /** The temperature in degrees Celsius, converted from Fahrenheit if needed. */
    public double celsius() {
        return unit.toCelsius(value());
    }

    /** The special value the sensor reported instead of a number, if any. */
    public Optional<SpecialValue> special() {
        return Float11073.special(floatBits);
    }

    public boolean isSpecial() {
        return Float11073.isSpecial(floatBits);
    }

    @Override
    public String toString() {
        return "TemperatureMeasurement[" + Float11073.toString(floatBits) + " " + unit + ", timestamp="
                + timestamp.map(Object::toString).orElse("-") + ", type="
                + type.map(Enum::name).orElse("-") + "]";
    }
}
