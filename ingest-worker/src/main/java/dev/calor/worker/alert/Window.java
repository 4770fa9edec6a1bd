package dev.calor.worker.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * Robust statistics over a patient's recent time slots ({@link WindowBucket}). "Sustained" in Calor means: the <b>interquartile
 * mean</b> (the mean of the middle half) of the usable readings of the window is on the alarming side of
 * the threshold. A closed slot counts with its median, weighted by its number of readings; the open
 * slot with its raw values. A glitch or a short excursion (up to a quarter of the window) is trimmed
 * away, noise around a threshold averages out, and a fever hovering around 38.0 °C does raise.
 */
final class Window {

    /** Minutes a running median spans. */
    static final int SPAN = 3;
    /** Share of the weight dropped at each end before averaging. */
    static final double TRIM = 0.25;

    private Window() {}

    static void add(List<WindowBucket> recent, long bucketNs, long sampleNs, double celsius) {
        long slot = Math.floorDiv(sampleNs, bucketNs);
        int last = recent.size() - 1;
        if (last >= 0 && recent.get(last).slot() == slot) {
            recent.set(last, recent.get(last).with(celsius));
            return;
        }
        if (last >= 0) {
            recent.set(last, recent.get(last).closed());
        }
        recent.add(WindowBucket.of(slot, celsius));
    }

    static void prune(List<WindowBucket> recent, long bucketNs, long oldestNs) {
        long oldest = Math.floorDiv(oldestNs, bucketNs);
        recent.removeIf(b -> b.slot() < oldest);
    }

    /** Readings in the slots from {@code fromNs} on. */
    static int count(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        return recent.stream()
                .filter(b -> b.slot() >= from)
                .mapToInt(WindowBucket::count)
                .sum();
    }

    /**
     * Interquartile mean of the readings of the slots from {@code fromNs} on: the lowest and the highest
     * quarter (by weight) are dropped and the rest averaged. NaN when there is none. Rounded to 0.001 °C
     * so that readings of 37.9 and 38.1 average to exactly 38.0.
     */
    static double robustMean(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        List<double[]> weighted = new ArrayList<>();
        for (WindowBucket b : recent) {
            if (b.slot() < from) {
                continue;
            }
            if (b.open().isEmpty()) {
                weighted.add(new double[] {b.median(), b.count()});
            } else {
                b.open().forEach(v -> weighted.add(new double[] {v, 1}));
            }
        }
        if (weighted.isEmpty()) {
            return Double.NaN;
        }
        weighted.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = weighted.stream().mapToDouble(w -> w[1]).sum();
        double lo = total * TRIM;
        double hi = total * (1 - TRIM);
        double seen = 0;
        double sum = 0;
        double kept = 0;
        for (double[] w : weighted) {
            double start = seen;
            seen += w[1];
            double in = Math.max(0, Math.min(seen, hi) - Math.max(start, lo));
            sum += in * w[0];
            kept += in;
        }
        return Math.round(sum / kept * 1000.0) / 1000.0;
    }

    /**
     * Lowest robust mean of any {@value #SPAN} consecutive slots from {@code fromNs} on: one glitch, or one
     * odd slot, does not make a low point. NaN if there is none.
     */
    static double lowestRunningMedian(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        List<WindowBucket> in = recent.stream().filter(b -> b.slot() >= from).toList();
        double low = Double.NaN;
        for (int i = 0; i + SPAN <= in.size(); i++) {
            double m = robustMean(in.subList(i, i + SPAN), 1, Long.MIN_VALUE);
            low = Double.isNaN(low) ? m : Math.min(low, m);
        }
        return low;
    }

    static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
