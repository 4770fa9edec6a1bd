package dev.calor.worker.alert;

import java.util.Arrays;
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
    /** Resolution robust means are rounded to. */
    static final double ROUNDING_CELSIUS = 0.001;

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
        if (!recent.isEmpty() && recent.get(0).slot() < oldest) {
            recent.removeIf(b -> b.slot() < oldest);
        }
    }

    /** Readings in the slots from {@code fromNs} on. */
    static int count(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        int n = 0;
        for (int i = recent.size() - 1; i >= 0 && recent.get(i).slot() >= from; i--) {
            n += recent.get(i).count();
        }
        return n;
    }

    /** Highest reading in the slots from {@code fromNs} on; negative infinity when there is none. */
    static double highest(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = recent.size() - 1; i >= 0 && recent.get(i).slot() >= from; i--) {
            max = Math.max(max, recent.get(i).maxCelsius());
        }
        return max;
    }

    /**
     * Interquartile mean of the readings of the slots from {@code fromNs} on: the lowest and the highest
     * quarter (by weight) are dropped and the rest averaged. NaN when there is none. Rounded to 0.001 °C
     * so that readings of 37.9 and 38.1 average to exactly 38.0.
     *
     * <p>This runs several times per reading, so it sorts primitives: the closed slots' medians by
     * insertion (a window has a few dozen slots), merged with the open slot's values, which its
     * {@link WindowBucket} keeps sorted. Equal values keep their slot order (a stable sort), so the sum
     * is taken in the same order whatever the slots' sizes.
     */
    static double robustMean(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        int first = recent.size();
        while (first > 0 && recent.get(first - 1).slot() >= from) {
            first--;
        }
        return robustMean(recent, first, recent.size());
    }

    /** The interquartile mean of the slots {@code recent[from, to)}. */
    private static double robustMean(List<WindowBucket> recent, int from, int to) {
        int closed = 0;
        int openValues = 0;
        WindowBucket lastOpen = null;
        int openSlots = 0;
        for (int i = from; i < to; i++) {
            WindowBucket b = recent.get(i);
            if (b.openCount() == 0) {
                closed++;
            } else {
                openValues += b.openCount();
                openSlots++;
                lastOpen = b;
            }
        }
        if (closed + openValues == 0) {
            return Double.NaN;
        }
        double[] medians = new double[closed];
        double[] weights = new double[closed];
        int c = 0;
        double total = 0;
        for (int i = from; i < to; i++) {
            WindowBucket b = recent.get(i);
            total += b.count();
            if (b.openCount() == 0) {
                int j = c++;
                while (j > 0 && medians[j - 1] > b.median()) {
                    medians[j] = medians[j - 1];
                    weights[j] = weights[j - 1];
                    j--;
                }
                medians[j] = b.median();
                weights[j] = b.count();
            }
        }
        // normally only the newest slot is open, and its values are sorted already: merged in place
        double[] open = openSlots == 1 ? null : mergedOpenValues(recent, from, to, openValues);
        double lo = total * TRIM;
        double hi = total * (1 - TRIM);
        double seen = 0;
        double sum = 0;
        double kept = 0;
        int ci = 0;
        int oi = 0;
        while (ci < closed || oi < openValues) {
            double openValue = oi == openValues ? Double.NaN : open == null ? lastOpen.openValue(oi) : open[oi];
            boolean takeClosed = oi == openValues || (ci < closed && medians[ci] <= openValue);
            double value = takeClosed ? medians[ci] : openValue;
            double weight = takeClosed ? weights[ci++] : 1;
            if (!takeClosed) {
                oi++;
            }
            double start = seen;
            seen += weight;
            double in = Math.max(0, Math.min(seen, hi) - Math.max(start, lo));
            sum += in * value;
            kept += in;
        }
        return Math.round(sum / kept * 1000.0) / 1000.0;
    }

    /** The open values of several open slots (a state stored that way), in one sorted array. */
    private static double[] mergedOpenValues(List<WindowBucket> recent, int from, int to, int openValues) {
        double[] open = new double[openValues];
        int o = 0;
        for (int i = from; i < to; i++) {
            WindowBucket b = recent.get(i);
            for (int k = 0; k < b.openCount(); k++) {
                open[o++] = b.openValue(k);
            }
        }
        Arrays.sort(open);
        return open;
    }

    /**
     * Lowest robust mean of any {@value #SPAN} consecutive slots from {@code fromNs} on: one glitch, or one
     * odd slot, does not make a low point. NaN if there is none.
     */
    static double lowestRunningMedian(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        int first = recent.size();
        while (first > 0 && recent.get(first - 1).slot() >= from) {
            first--;
        }
        double low = Double.NaN;
        for (int i = first; i + SPAN <= recent.size(); i++) {
            double m = robustMean(recent, i, i + SPAN);
            low = Double.isNaN(low) ? m : Math.min(low, m);
        }
        return low;
    }

    /**
     * The robust means one evaluation asks for, each look-back computed once: the rules of one reading
     * ask for the same windows several times (raise and clear, fever and hypothermia).
     */
    static final class Means {
        private final List<WindowBucket> recent;
        private final long bucketNs;
        private final long[] slots = new long[8];
        private final double[] means = new double[8];
        private int size;

        Means(List<WindowBucket> recent, long bucketNs) {
            this.recent = recent;
            this.bucketNs = bucketNs;
        }

        double robustMean(long fromNs) {
            long slot = Math.floorDiv(fromNs, bucketNs);
            for (int i = 0; i < size; i++) {
                if (slots[i] == slot) {
                    return means[i];
                }
            }
            double m = Window.robustMean(recent, bucketNs, fromNs);
            if (size < slots.length) {
                slots[size] = slot;
                means[size++] = m;
            }
            return m;
        }
    }
}
