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

/** The figures of one benchmark run, in the order they were measured, and how to print them. */
public final class BenchResults {

    private final String profile;
    private final String machine;
    private final Map<String, Metric> metrics = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    public BenchResults(String profile, String machine) {
        this.profile = profile;
        this.machine = machine;
    }

    public void put(String section, String name, double value, String unit) {
        Metric metric = new Metric(section, name, value, unit);
        metrics.put(metric.key(), metric);
    }

    public void note(String note) {
        notes.add(note);
    }

    public Optional<Metric> get(String key) {
        return Optional.ofNullable(metrics.get(key));
    }

    /** The value of {@code section.name}, NaN when it was not measured. */
    public double value(String key) {
        return get(key).map(Metric::value).orElse(Double.NaN);
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

    /** One table for a terminal: section, figure, value, unit. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Calor benchmark (%s profile) on %s%n", profile, machine));
        String line = "-".repeat(84) + System.lineSeparator();
        sb.append(line);
        sb.append(String.format("%-11s %-50s %14s %-7s%n", "section", "figure", "value", "unit"));
        sb.append(line);
        String previous = null;
        for (Metric m : metrics()) {
            String section = m.section().equals(previous) ? "" : m.section();
            previous = m.section();
            sb.append(String.format("%-11s %-50s %14s %-7s%n", section, m.name(), format(m.value()), m.unit()));
        }
        sb.append(line);
        for (String note : notes()) {
            sb.append("note: ").append(note).append(System.lineSeparator());
        }
        return sb.toString();
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("profile", profile);
        root.put("machine", machine);
        ArrayNode list = root.putArray("metrics");
        for (Metric m : metrics()) {
            ObjectNode node = list.addObject();
            node.put("section", m.section());
            node.put("name", m.name());
            if (Double.isNaN(m.value())) {
                node.putNull("value");
            } else {
                node.put("value", m.value());
            }
            node.put("unit", m.unit());
        }
        ArrayNode noteList = root.putArray("notes");
        notes().forEach(noteList::add);
        try {
            return json.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4180 CSV: section,name,value,unit; an unmeasured value is an empty field. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("section,name,value,unit\r\n");
        for (Metric m : metrics()) {
            sb.append(csv(m.section()))
                    .append(',')
                    .append(csv(m.name()))
                    .append(',')
                    .append(Double.isNaN(m.value()) ? "" : plain(m.value()))
                    .append(',')
                    .append(csv(m.unit()))
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
