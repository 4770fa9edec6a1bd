package dev.calor.worker.alert;

import java.util.List;

/**
 * The usable core-equivalent readings of one minute, summarised: how many, the lowest, the highest and
 * their median. The newest minute keeps its raw values ({@code open}) until a reading of a later minute
 * closes it; a closed minute keeps only its summary, so a patient's window stays small at any sample rate.
 */
public record MinuteBucket(
        long minute, int count, double minCelsius, double maxCelsius, double median, List<Double> open) {

    public MinuteBucket {
        open = List.copyOf(open);
    }

    static long minuteOf(long sampleNs) {
        return Math.floorDiv(sampleNs, 60_000_000_000L);
    }

    static MinuteBucket of(long minute, double celsius) {
        return new MinuteBucket(minute, 1, celsius, celsius, celsius, List.of(celsius));
    }

    MinuteBucket with(double celsius) {
        List<Double> values = new java.util.ArrayList<>(open);
        values.add(celsius);
        return new MinuteBucket(
                minute,
                count + 1,
                Math.min(minCelsius, celsius),
                Math.max(maxCelsius, celsius),
                Window.medianOf(values),
                values);
    }

    MinuteBucket closed() {
        return open.isEmpty() ? this : new MinuteBucket(minute, count, minCelsius, maxCelsius, median, List.of());
    }
}
