package dev.calor.edgebridge.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;

/** Reads single values out of a scrape. */
final class MetricValues {

    private MetricValues() {}

    /** Sum of the data points of {@code name} whose label values start with {@code labelValues}. */
    static double find(MetricSnapshots snapshots, String name, String... labelValues) {
        String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
        double sum = 0;
        for (MetricSnapshot snapshot : snapshots) {
            if (!snapshot.getMetadata().getPrometheusName().equals(base)
                    && !snapshot.getMetadata().getName().equals(base)) {
                continue;
            }
            if (snapshot instanceof CounterSnapshot counter) {
                for (CounterSnapshot.CounterDataPointSnapshot p : counter.getDataPoints()) {
                    if (matches(p.getLabels(), labelValues)) {
                        sum += p.getValue();
                    }
                }
            } else if (snapshot instanceof GaugeSnapshot gauge) {
                for (GaugeSnapshot.GaugeDataPointSnapshot p : gauge.getDataPoints()) {
                    if (matches(p.getLabels(), labelValues)) {
                        sum += p.getValue();
                    }
                }
            }
        }
        return sum;
    }

    private static boolean matches(Labels labels, String[] values) {
        if (values.length > labels.size()) {
            return false;
        }
        return Arrays.equals(values, 0, values.length, labelValuesOf(labels), 0, values.length);
    }

    private static String[] labelValuesOf(Labels labels) {
        String[] values = new String[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            values[i] = labels.getValue(i);
        }
        return values;
    }
}
