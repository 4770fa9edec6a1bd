package dev.calor.e2e.bench;

/**
 * One measured figure of a benchmark run.
 *
 * @param section the table section (throughput, peak, latency, footprint, baseline)
 * @param name what was measured, unique within the section
 * @param value the figure; NaN when it could not be measured (see the run's notes)
 * @param unit unit of the value
 */
public record Metric(String section, String name, double value, String unit) {

    public String key() {
        return section + "." + name;
    }
}
