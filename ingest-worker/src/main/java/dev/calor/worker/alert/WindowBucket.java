package dev.calor.worker.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * The usable core-equivalent readings of one time slot (a minute with the default rules, shorter when a
 * patient's windows are shorter), summarised: how many, the lowest, the highest and their median. The
 * newest slot keeps its raw values ({@code open}) until a reading of a later slot closes it; a closed slot
 * keeps only its summary, so a patient's window stays small at any sample rate.
 */
public record WindowBucket(
        long slot, int count, double minCelsius, double maxCelsius, double median, List<Double> open) {

    public WindowBucket {
        open = open == null ? List.of() : List.copyOf(open);
    }

    static WindowBucket of(long slot, double celsius) {
        return new WindowBucket(slot, 1, celsius, celsius, celsius, List.of(celsius));
    }

    WindowBucket with(double celsius) {
        List<Double> values = new ArrayList<>(open);
        values.add(celsius);
        return new WindowBucket(
                slot,
                count + 1,
                Math.min(minCelsius, celsius),
                Math.max(maxCelsius, celsius),
                Window.medianOf(values),
                values);
    }

    WindowBucket closed() {
        return open.isEmpty() ? this : new WindowBucket(slot, count, minCelsius, maxCelsius, median, List.of());
    }
}
