package dev.calor.worker.alert;

/** The lowest and highest core-equivalent value of the usable readings sampled in one minute. */
public record MinuteBucket(long minute, double minCelsius, double maxCelsius) {

    static long minuteOf(long sampleNs) {
        return Math.floorDiv(sampleNs, 60_000_000_000L);
    }

    MinuteBucket with(double celsius) {
        return new MinuteBucket(minute, Math.min(minCelsius, celsius), Math.max(maxCelsius, celsius));
    }
}
