package dev.calor.worker.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * The usable core-equivalent readings of one time slot (a minute with the default rules, shorter when a
 * patient's windows are shorter), summarised: how many, the lowest, the highest and their median. The
 * newest slot keeps its raw values ({@code open}) until a reading of a later slot closes it; a closed slot
 * keeps only its summary, so a patient's window stays small at any sample rate. The open values are kept
 * in ascending order (a state stored in arrival order is sorted when loaded): the median is then the
 * middle one and {@link Window#robustMean} merges them without sorting.
 */
public record WindowBucket(
        long slot, int count, double minCelsius, double maxCelsius, double median, List<Double> open) {

    public WindowBucket {
        open = open == null ? List.of() : List.copyOf(open);
        if (!ascending(open)) {
            List<Double> sorted = new ArrayList<>(open);
            sorted.sort(null);
            open = List.copyOf(sorted);
        }
    }

    static WindowBucket of(long slot, double celsius) {
        return new WindowBucket(slot, 1, celsius, celsius, celsius, List.of(celsius));
    }

    WindowBucket with(double celsius) {
        Double[] values = new Double[open.size() + 1];
        int at = 0;
        while (at < open.size() && open.get(at) <= celsius) {
            values[at] = open.get(at);
            at++;
        }
        values[at] = celsius;
        for (int i = at; i < open.size(); i++) {
            values[i + 1] = open.get(i);
        }
        int n = values.length;
        double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        return new WindowBucket(
                slot, count + 1, Math.min(minCelsius, celsius), Math.max(maxCelsius, celsius), median, List.of(values));
    }

    private static boolean ascending(List<Double> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i - 1) > values.get(i)) {
                return false;
            }
        }
        return true;
    }

    WindowBucket closed() {
        return open.isEmpty() ? this : new WindowBucket(slot, count, minCelsius, maxCelsius, median, List.of());
    }
}
