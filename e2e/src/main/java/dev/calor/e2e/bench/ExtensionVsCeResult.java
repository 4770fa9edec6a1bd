package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.List;

/**
 * {@code baselines.extension_vs_ce}: the paired rounds of {@link ExtensionVsCe} and each broker's totals over them.
 *
 * @param rounds each round's two legs
 * @param leg the length of one leg
 * @param batchSize readings per publish
 * @param extension the broker with the Calor extension over every leg
 * @param ce HiveMQ CE without it over every leg
 */
record ExtensionVsCeResult(List<ExtensionVsCe.Round> rounds, Duration leg, int batchSize, Totals extension, Totals ce) {

    /** The extension's target: at least this share of CE's rate. */
    static final double TARGET = 0.85;

    /**
     * @param acknowledged readings acknowledged over every leg
     * @param delivered readings the one subscriber received over every leg
     * @param seconds the legs' publishing time, each with its wait for the last delivery
     * @param cpuSeconds the broker process's CPU over the legs (connects and disconnects of the fleet included)
     */
    record Totals(long acknowledged, long delivered, double seconds, double cpuSeconds) {
        /** Readings delivered per CPU-second of the broker. */
        double perCpuSecond() {
            return delivered / cpuSeconds;
        }

        long dropped() {
            return Math.max(0, acknowledged - delivered);
        }

        BrokerBaseline asBaseline(String name) {
            return new BrokerBaseline(name, acknowledged, delivered, seconds, cpuSeconds);
        }
    }

    ExtensionVsCeResult {
        rounds = List.copyOf(rounds);
    }

    double ratio() {
        return median(rounds.stream().mapToDouble(ExtensionVsCe.Round::ratio).toArray());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    void addTo(BenchResults results) {
        String key = "baselines.extension_vs_ce";
        double[] ratios =
                rounds.stream().mapToDouble(ExtensionVsCe.Round::ratio).toArray();
        double[] ext = rounds.stream()
                .mapToDouble(ExtensionVsCe.Round::extensionPerSecond)
                .toArray();
        double[] ce =
                rounds.stream().mapToDouble(ExtensionVsCe.Round::cePerSecond).toArray();
        String how = rounds.size() + " paired rounds of " + leg.toSeconds() + " s legs, batch " + batchSize;
        results.sampled(
                key + ".ratio",
                "broker with the extension / HiveMQ CE without it, median of " + how + " (target >= " + TARGET + ")",
                ratio(),
                "",
                rounds.size());
        results.sampled(
                key + ".cpu_ratio",
                "extension / CE: readings delivered per broker CPU-second, Calor's broker over CE's, all legs",
                extension.perCpuSecond() / this.ce.perCpuSecond(),
                "",
                extension.delivered());
        results.sampled(
                key + ".acknowledged_ratio",
                "extension / CE: readings acknowledged, Calor's broker over CE's, all legs (what CE acknowledged and"
                        + " dropped counts here)",
                (double) extension.acknowledged() / this.ce.acknowledged(),
                "",
                this.ce.acknowledged());
        results.figure(key + ".ratio_min", "extension / CE: lowest round", min(ratios), "");
        results.figure(key + ".ratio_max", "extension / CE: highest round", max(ratios), "");
        results.figure(key + ".rounds", "extension / CE: paired rounds", rounds.size(), "");
        results.sampled(
                key + ".extension_readings_per_s",
                "extension / CE: Calor's broker, median readings delivered per second",
                median(ext),
                "rdg/s",
                extension.delivered());
        results.sampled(
                key + ".ce_readings_per_s",
                "extension / CE: HiveMQ CE, median readings delivered per second",
                median(ce),
                "rdg/s",
                this.ce.delivered());
        results.figure(
                key + ".extension_rounds_min_max",
                "extension / CE: Calor's broker, spread of its rounds (max - min)",
                max(ext) - min(ext),
                "rdg/s");
        results.figure(
                key + ".ce_rounds_min_max",
                "extension / CE: HiveMQ CE, spread of its rounds (max - min)",
                max(ce) - min(ce),
                "rdg/s");
        add(results, key + ".extension", "extension / CE: Calor's broker", extension);
        add(results, key + ".ce", "extension / CE: HiveMQ CE", this.ce);
        if (ratio() < TARGET) {
            results.note("baselines: the broker with the Calor extension reached " + String.format("%.2f", ratio())
                    + " of HiveMQ CE without it (target " + TARGET + "), " + how);
        }
    }

    private static void add(BenchResults results, String key, String label, Totals t) {
        results.figure(key + ".readings_acknowledged", label + ": readings acknowledged", t.acknowledged(), "");
        results.figure(
                key + ".readings_delivered", label + ": readings delivered to the subscriber", t.delivered(), "");
        results.figure(
                key + ".readings_dropped",
                label + ": readings acknowledged but never delivered (dropped by the broker)",
                t.dropped(),
                "");
        results.figure(key + ".cpu_s", label + ": broker CPU over its legs", t.cpuSeconds(), "s");
        results.sampled(
                key + ".readings_per_cpu_s",
                label + ": readings delivered per broker CPU-second",
                t.perCpuSecond(),
                "rdg/CPU-s",
                t.delivered());
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
