package dev.calor.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The figures of one benchmark run, in the order they were measured, and how to print them: a table, a JSON
 * document whose keys are the figures' dotted keys ({@code latency.alert.p99_ms} is {@code
 * {"latency":{"alert":{"p99_ms":…}}}}), CSV, and the series the charts are drawn from.
 *
 * <p>A phase contributes through a {@link PhaseResult} record ({@link #add(PhaseResult)}), which calls
 * {@link #figure}, {@link #sampled}, {@link #latency}, {@link #flag}, {@link #throughput} and {@link
 * #latencyCurve}; older phases still use {@link #put(String, String, double, String)}.
 */
public final class BenchResults {

    /** Top-level fields of the JSON document that are not figure sections. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("profile", "machine", "figures", "notes");

    private final String profile;
    private final String machine;
    private final Map<String, Metric> metrics = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Boolean> flags = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ChartData> charts = Collections.synchronizedMap(new LinkedHashMap<>());

    /** The series of one phase's charts: throughput lines per second, latency percentile curves. */
    public record ChartData(List<TimeSeries> throughput, Map<String, Histogram> latency) {}

    public BenchResults(String profile, String machine) {
        this.profile = profile;
        this.machine = machine;
    }

    public void add(PhaseResult result) {
        result.addTo(this);
    }

    /** A figure that is a count, a setting or a rate over a whole phase, not a statistic of samples. */
    public void figure(String key, String label, double value, String unit) {
        sampled(key, label, value, unit, Metric.NOT_SAMPLED);
    }

    /** A figure computed from {@code samples} observations. */
    public void sampled(String key, String label, double value, String unit, long samples) {
        Metric metric = new Metric(key, label, value, unit, samples);
        if (RESERVED.contains(metric.section()) || flags.containsKey(metric.section())) {
            throw new IllegalArgumentException("a figure may not live under the document's own field " + key);
        }
        metrics.put(metric.key(), metric);
    }

    /**
     * The distribution of latencies recorded in microseconds, as {@code <prefix>.p50_ms}, {@code .p99_ms},
     * {@code .p999_ms}, {@code .max_ms} and {@code .samples}.
     */
    public void latency(String keyPrefix, String label, Histogram micros) {
        long n = micros.getTotalCount();
        for (double p : new double[] {50, 99, 99.9}) {
            double ms = n == 0 ? Double.NaN : micros.getValueAtPercentile(p) / 1000.0;
            String part = p == 99.9 ? "p999" : "p" + (int) p;
            sampled(keyPrefix + "." + part + "_ms", label + " " + part, ms, "ms", n);
        }
        sampled(keyPrefix + ".max_ms", label + " max", n == 0 ? Double.NaN : micros.getMaxValue() / 1000.0, "ms", n);
        sampled(keyPrefix + ".samples", label + " samples", n, "", n);
    }

    /** A yes/no property of the run, e.g. {@code alerting_on_path}: a top-level JSON boolean. */
    public void flag(String key, boolean value) {
        flags.put(key, value);
    }

    /** A table row of the older phases: the key is {@code section.} plus the name in lower_snake. */
    public void put(String section, String name, double value, String unit) {
        figure(section + "." + Metric.slug(name), section + ": " + name, value, unit);
    }

    public void note(String note) {
        notes.add(note);
    }

    /** Adds lines (readings per second sent, acknowledged, queryable…) to the throughput chart of a phase. */
    public void throughput(String phase, TimeSeries... series) {
        chartsOf(phase).throughput().addAll(List.of(series));
    }

    /** Adds a latency percentile curve (values in microseconds) to the latency chart of a phase. */
    public void latencyCurve(String phase, String curve, Histogram micros) {
        chartsOf(phase).latency().put(curve, micros.copy());
    }

    private ChartData chartsOf(String phase) {
        return charts.computeIfAbsent(
                phase, p -> new ChartData(Collections.synchronizedList(new ArrayList<>()), new LinkedHashMap<>()));
    }

    public Map<String, ChartData> charts() {
        synchronized (charts) {
            return new LinkedHashMap<>(charts);
        }
    }

    public Optional<Metric> get(String key) {
        return Optional.ofNullable(metrics.get(key));
    }

    /** The value of a figure's key, NaN when it was not measured. */
    public double value(String key) {
        return get(key).map(Metric::value).orElse(Double.NaN);
    }

    public Optional<Boolean> flag(String key) {
        return Optional.ofNullable(flags.get(key));
    }

    public List<Metric> metrics() {
        synchronized (metrics) {
            return List.copyOf(metrics.values());
        }
    }

    public List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    public String profile() {
        return profile;
    }

    public String machine() {
        return machine;
    }

    /**
     * The figures grouped by section, each section once, in the order its first figure was added (a phase may add
     * to a section another phase opened, e.g. the load average at the start and at the end).
     */
    private Map<String, List<Metric>> bySection() {
        Map<String, List<Metric>> sections = new LinkedHashMap<>();
        for (Metric m : metrics()) {
            sections.computeIfAbsent(m.section(), k -> new ArrayList<>()).add(m);
        }
        return sections;
    }

    /** One table for a terminal: figure, value, unit, samples; a heading per section. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Calor benchmark (%s profile) on %s%n", profile, machine));
        String line = "-".repeat(100) + System.lineSeparator();
        sb.append(line);
        sb.append(String.format("%-62s %14s %-7s %12s%n", "figure", "value", "unit", "samples"));
        sb.append(line);
        synchronized (flags) {
            flags.forEach((k, v) -> sb.append(String.format("%-62s %14s%n", k, v)));
        }
        bySection().forEach((section, figures) -> {
            sb.append(String.format("[%s]%n", section));
            for (Metric m : figures) {
                sb.append(String.format(
                        "  %-60s %14s %-7s %12s%n", m.label(), format(m.value()), m.unit(), samples(m.samples())));
            }
        });
        sb.append(line);
        for (String note : notes()) {
            sb.append("note: ").append(note).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** The same table in Markdown, for the README's Performance section. */
    public String toMarkdownTable() {
        StringBuilder sb = new StringBuilder("| figure | value | samples | key |\n|---|---:|---:|---|\n");
        synchronized (flags) {
            flags.forEach((k, v) -> sb.append("| ")
                    .append(k)
                    .append(" | ")
                    .append(v)
                    .append(" | | `")
                    .append(k)
                    .append("` |\n"));
        }
        for (Metric m : bySection().values().stream().flatMap(List::stream).toList()) {
            sb.append("| ")
                    .append(m.label())
                    .append(" | ")
                    .append(format(m.value()))
                    .append(m.unit().isEmpty() ? "" : " " + m.unit())
                    .append(" | ")
                    .append(samples(m.samples()))
                    .append(" | `")
                    .append(m.key())
                    .append("` |\n");
        }
        return sb.toString();
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("profile", profile);
        root.put("machine", machine);
        synchronized (flags) {
            flags.forEach(root::put);
        }
        ArrayNode list = json.createArrayNode();
        for (Metric m : metrics()) {
            ObjectNode parent = root;
            String[] parts = m.key().split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.get(parts[i]) instanceof ObjectNode child ? child : parent.putObject(parts[i]);
            }
            putValue(parent, parts[parts.length - 1], m.value());
            ObjectNode row = list.addObject();
            row.put("key", m.key());
            row.put("label", m.label());
            putValue(row, "value", m.value());
            row.put("unit", m.unit());
            if (m.samples() != Metric.NOT_SAMPLED) {
                row.put("samples", m.samples());
            }
        }
        root.set("figures", list);
        ArrayNode noteList = root.putArray("notes");
        notes().forEach(noteList::add);
        try {
            return json.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putValue(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
    }

    /** RFC 4180 CSV: key,label,value,unit,samples; an unmeasured value or sample count is an empty field. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("key,label,value,unit,samples\r\n");
        for (Metric m : metrics()) {
            sb.append(m.key())
                    .append(',')
                    .append(csv(m.label()))
                    .append(',')
                    .append(Double.isNaN(m.value()) ? "" : plain(m.value()))
                    .append(',')
                    .append(csv(m.unit()))
                    .append(',')
                    .append(m.samples() == Metric.NOT_SAMPLED ? "" : Long.toString(m.samples()))
                    .append("\r\n");
        }
        return sb.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String samples(long samples) {
        return samples == Metric.NOT_SAMPLED ? "" : String.format(Locale.ROOT, "%,d", samples);
    }

    private static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String csv(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
