package dev.calor.worker.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static final long MINUTE = 60_000_000_000L;

    @Test
    void robustMeanIsTheInterquartileMeanOfTheWindowAsASortOfEveryWeightedValueGivesIt() {
        Random random = new Random(15);
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (int run = 0; run < 40; run++) {
            List<WindowBucket> recent = new ArrayList<>();
            long t = 1_000 * MINUTE;
            int readings = 1 + random.nextInt(1_500);
            for (int i = 0; i < readings; i++) {
                t += (1 + random.nextInt(20)) * 1_000_000_000L;
                // coarse values make ties between slot medians and open values common
                double v = 36 + random.nextInt(40) * 0.05;
                Window.add(recent, MINUTE, t, v);
                Window.prune(recent, MINUTE, t - 30 * MINUTE);
                for (long back : new long[] {2 * MINUTE, 4 * MINUTE, 10 * MINUTE, 30 * MINUTE}) {
                    // boxed: bit-for-bit the same value, NaN included
                    Double mean = Window.robustMean(recent, MINUTE, t - back);
                    Double reference = referenceRobustMean(recent, MINUTE, t - back);
                    if (!mean.equals(reference)) {
                        differences.add("run " + run + " reading " + i + ", " + back / MINUTE + " min: " + mean
                                + " instead of " + reference);
                    }
                    // the detachment rule skips the mean when the highest reading rules a fall out
                    if (mean > Window.highest(recent, MINUTE, t - back) + Window.ROUNDING_CELSIUS) {
                        differences.add("run " + run + " reading " + i + ", " + back / MINUTE + " min: mean " + mean
                                + " above the highest reading");
                    }
                    compared++;
                }
                Double lowest = Window.lowestRunningMedian(recent, MINUTE, t - 30 * MINUTE);
                Double referenceLowest = referenceLowest(recent, MINUTE, t - 30 * MINUTE);
                if (!lowest.equals(referenceLowest)) {
                    differences.add(
                            "run " + run + " reading " + i + ", lowest: " + lowest + " instead of " + referenceLowest);
                }
            }
        }
        assertThat(compared).isGreaterThan(50_000);
        assertThat(differences).isEmpty();
    }

    @Test
    void openSlotKeepsItsValuesSortedAndItsMedianAtTheMiddle() {
        WindowBucket b = WindowBucket.of(1, 37.2).with(36.8).with(37.6).with(37.0);
        assertThat(b.open()).containsExactly(36.8, 37.0, 37.2, 37.6);
        assertThat(b.median()).isEqualTo((37.0 + 37.2) / 2);
        assertThat(b.count()).isEqualTo(4);
        assertThat(b.minCelsius()).isEqualTo(36.8);
        assertThat(b.maxCelsius()).isEqualTo(37.6);
    }

    @Test
    void slotStoredInArrivalOrderLoadsSorted() {
        WindowBucket stored = new WindowBucket(1, 3, 36.0, 38.0, 37.0, new double[] {38.0, 36.0, 37.0});
        assertThat(stored.open()).containsExactly(36.0, 37.0, 38.0);
        assertThat(stored.with(36.5).median()).isEqualTo(36.75);
    }

    @Test
    void severalOpenSlotsOfAStoredStateAreMergedBeforeTrimming() {
        List<WindowBucket> stored = List.of(
                new WindowBucket(1, 4, 36.0, 39.0, 37.5, new double[] {39.0, 36.0, 38.0, 37.0}),
                new WindowBucket(2, 4, 36.5, 38.5, 37.5, new double[] {36.5, 38.5, 37.5, 37.5}));
        // sorted: 36.0 36.5 37.0 37.5 37.5 38.0 38.5 39.0; the middle half averages to 37.5
        assertThat(Window.robustMean(stored, MINUTE, 0)).isEqualTo(referenceRobustMean(stored, MINUTE, 0));
        assertThat(Window.robustMean(stored, MINUTE, 0)).isEqualTo(37.5);
        assertThat(Window.highest(stored, MINUTE, 0)).isEqualTo(39.0);
    }

    @Test
    void windowCodecRoundTripsEverySlotAndRejectsATruncatedWindow() {
        List<WindowBucket> recent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Window.add(recent, MINUTE, 1_000 * MINUTE + i * 7_000_000_000L, 36.5 + (i % 13) * 0.07);
        }
        byte[] bytes = WindowCodec.encode(recent);
        assertThat(WindowCodec.decode(bytes)).isEqualTo(recent);
        assertThat(WindowCodec.decode(WindowCodec.encode(List.of()))).isEmpty();
        assertThatThrownBy(() -> WindowCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] unknown = bytes.clone();
        unknown[0] = 9;
        assertThatThrownBy(() -> WindowCodec.decode(unknown)).hasMessageContaining("version 9");
    }

    @Test
    void emptyWindowHasNoMean() {
        assertThat(Window.robustMean(List.of(), MINUTE, 0)).isNaN();
        assertThat(Window.lowestRunningMedian(List.of(), MINUTE, 0)).isNaN();
        assertThat(Window.highest(List.of(), MINUTE, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    /** The definition: every value with its weight, one stable sort, trim a quarter of the weight at each end. */
    private static double referenceRobustMean(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        List<double[]> weighted = new ArrayList<>();
        for (WindowBucket b : recent) {
            if (b.slot() < from) {
                continue;
            }
            if (b.open().length == 0) {
                weighted.add(new double[] {b.median(), b.count()});
            } else {
                for (double v : b.open()) {
                    weighted.add(new double[] {v, 1});
                }
            }
        }
        if (weighted.isEmpty()) {
            return Double.NaN;
        }
        weighted.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = weighted.stream().mapToDouble(w -> w[1]).sum();
        double lo = total * Window.TRIM;
        double hi = total * (1 - Window.TRIM);
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

    private static double referenceLowest(List<WindowBucket> recent, long bucketNs, long fromNs) {
        long from = Math.floorDiv(fromNs, bucketNs);
        List<WindowBucket> in = recent.stream().filter(b -> b.slot() >= from).toList();
        double low = Double.NaN;
        for (int i = 0; i + Window.SPAN <= in.size(); i++) {
            double m = referenceRobustMean(in.subList(i, i + Window.SPAN), 1, Long.MIN_VALUE);
            low = Double.isNaN(low) ? m : Math.min(low, m);
        }
        return low;
    }
}
