package dev.calor.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calor.proto.DurationText;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed reads from one YAML mapping that collect problems instead of throwing. */
final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final List<String> problems;

    ConfigNode(JsonNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    ConfigNode child(String key) {
        JsonNode c = node == null ? null : node.get(key);
        if (c != null && !c.isNull() && !c.isObject()) {
            problems.add(where(key) + " must be a mapping");
            c = null;
        }
        return new ConfigNode(c, where(key), problems);
    }

    /** Whether the file has this section at all. */
    boolean isPresent() {
        return node != null && !node.isNull();
    }

    void allowOnly(Set<String> keys) {
        if (node == null) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                problems.add(where(k) + " is not a known setting (known: "
                        + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
        }
    }

    String string(String key, String def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (!v.isValueNode()) {
            problems.add(where(key) + " must be a text value");
            return def;
        }
        return v.asText();
    }

    String required(String key) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            problems.add(where(key) + " is required");
            return "";
        }
        return s;
    }

    int integer(String key, int def, int min, int max) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (!v.canConvertToInt() || !(v.isIntegralNumber() || v.asText().matches("-?\\d+"))) {
            problems.add(where(key) + " must be a whole number, not '" + v.asText() + "'");
            return def;
        }
        int i = v.isIntegralNumber() ? v.intValue() : Integer.parseInt(v.asText());
        if (i < min || i > max) {
            problems.add(where(key) + " must be in " + min + ".." + max + ", not " + i);
            return def;
        }
        return i;
    }

    boolean bool(String key, boolean def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (!v.isBoolean()) {
            problems.add(where(key) + " must be true or false");
            return def;
        }
        return v.booleanValue();
    }

    /** "250ms", "10s", "5m", "24h", "2d". */
    Duration duration(String key, Duration def, Duration min) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        var parsed = DurationText.tryParse(v.asText());
        if (parsed.isEmpty()) {
            problems.add(where(key) + " must be a duration like 250ms, 10s, 5m, 24h; not '" + v.asText() + "'");
            return def;
        }
        Duration d = parsed.get();
        if (d.compareTo(min) < 0) {
            problems.add(where(key) + " must be at least " + min.toMillis() + "ms");
            return def;
        }
        return d;
    }

    void problem(String key, String text) {
        problems.add(where(key) + " " + text);
    }

    private JsonNode value(String key) {
        JsonNode v = node == null ? null : node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
