package dev.calor.sim.fleet;

import dev.calor.proto.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** Command-line durations in {@link DurationText}'s forms: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}, {@code PT30S}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
