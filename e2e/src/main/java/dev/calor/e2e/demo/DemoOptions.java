package dev.calor.e2e.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * What a demo run does.
 *
 * @param duration how long to run; null runs until interrupted
 * @param influxUrl an existing InfluxDB 1.x server, or null to start influxd
 */
record DemoOptions(
        Duration duration, String influxUrl, String database, Path scenario, double acceleration, Path runDir) {

    DemoOptions {
        if (acceleration < 1 || acceleration > 1000) {
            throw new IllegalArgumentException("--acceleration must be in [1, 1000]: " + acceleration);
        }
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive: " + duration);
        }
    }

    /** Parses 120s, 2m, 1h, 500ms or an ISO-8601 duration. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long amount = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.parse(value);
                };
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use e.g. 120s or 5m)");
            }
        }
    }
}
