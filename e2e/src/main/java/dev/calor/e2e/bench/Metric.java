package dev.calor.e2e.bench;

import java.util.Locale;

/**
 * One measured figure of a benchmark run.
 *
 * @param key where it sits in the JSON document, dot-separated ({@code latency.alert.p99_ms}); the part
 *     before the first dot is the table section
 * @param label what was measured, as the table prints it
 * @param value the figure; NaN when it could not be measured (see the run's notes)
 * @param unit unit of the value
 * @param samples how many observations the figure rests on; {@link #NOT_SAMPLED} for a count or a setting
 */
public record Metric(String key, String label, double value, String unit, long samples) {

    public static final long NOT_SAMPLED = -1;

    public Metric {
        if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+")) {
            throw new IllegalArgumentException("a figure key is lower_snake parts joined by dots: " + key);
        }
    }

    public String section() {
        return key.substring(0, key.indexOf('.'));
    }

    /** A JSON key part from a label: {@code "peak RSS (broker)"} becomes {@code peak_rss_broker}. */
    static String slug(String label) {
        String slug =
                label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return slug.isEmpty() ? "value" : slug;
    }
}
