package dev.calor.proto;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in every Calor configuration and scenario file: {@code 500ms}, {@code 90s},
 * {@code 20m}, {@code 1h30m}, {@code 7d}, {@code 1.5s}, or ISO-8601 ({@code PT20M}).
 */
public final class DurationText {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private DurationText() {}

    /** The duration, or empty when the text is not one. */
    public static Optional<Duration> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @throws IllegalArgumentException when the text is not a duration */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(invalid(text), e);
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find()) {
            if (m.start() != at) {
                throw new IllegalArgumentException(invalid(text));
            }
            double amount = Double.parseDouble(m.group(1));
            long unitNanos =
                    switch (m.group(2)) {
                        case "ms" -> 1_000_000L;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        case "h" -> 3_600_000_000_000L;
                        default -> 86_400_000_000_000L;
                    };
            total = total.plusNanos(Math.round(amount * unitNanos));
            at = m.end();
        }
        if (at == 0 || at != s.length()) {
            throw new IllegalArgumentException(invalid(text));
        }
        return total;
    }

    /** The shortest of the forms above that {@link #parse} reads back. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static String invalid(String text) {
        return "'" + text + "' is not a duration (examples: 500ms, 90s, 20m, 1h30m, PT20M)";
    }
}
