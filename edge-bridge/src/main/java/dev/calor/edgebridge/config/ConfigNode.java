package dev.calor.edgebridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calor.proto.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML mapping being read, remembering the keys asked for so that unknown (mistyped) keys are reported,
 * and adding every problem to a shared list instead of stopping at the first.
 */
final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final List<String> problems;
    private final Set<String> known = new HashSet<>();

    ConfigNode(JsonNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        if (node != null && !node.isMissingNode() && !node.isNull() && !node.isObject()) {
            problem("", "must be a mapping");
        }
    }

    String path() {
        return path;
    }

    void problem(String key, String message) {
        problems.add((key.isEmpty() ? path : where(key)) + ": " + message);
    }

    String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Optional<JsonNode> get(String key) {
        known.add(key);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    boolean has(String key) {
        return get(key).isPresent();
    }

    ConfigNode child(String key) {
        return new ConfigNode(get(key).orElse(null), where(key), problems);
    }

    List<ConfigNode> list(String key) {
        List<ConfigNode> items = new ArrayList<>();
        Optional<JsonNode> value = get(key);
        if (value.isEmpty()) {
            return items;
        }
        if (!value.get().isArray()) {
            problem(key, "must be a list");
            return items;
        }
        for (int i = 0; i < value.get().size(); i++) {
            items.add(new ConfigNode(value.get().get(i), where(key) + "[" + i + "]", problems));
        }
        return items;
    }

    Optional<String> optString(String key) {
        Optional<JsonNode> value = get(key);
        if (value.isPresent() && !value.get().isValueNode()) {
            problem(key, "must be a single value");
            return Optional.empty();
        }
        return value.map(JsonNode::asText);
    }

    /** A list of single values, e.g. {@code [TLSv1.3, TLSv1.2]}. */
    List<String> stringList(String key) {
        List<String> items = new ArrayList<>();
        Optional<JsonNode> value = get(key);
        if (value.isEmpty()) {
            return items;
        }
        if (!value.get().isArray()) {
            problem(key, "must be a list");
            return items;
        }
        for (JsonNode item : value.get()) {
            if (!item.isValueNode()) {
                problem(key, "must be a list of single values");
            } else {
                items.add(item.asText());
            }
        }
        return items;
    }

    String string(String key, String fallback) {
        return optString(key).orElse(fallback);
    }

    Optional<String> requiredString(String key) {
        Optional<String> value = optString(key);
        if (value.isEmpty() || value.get().isBlank()) {
            problem(key, "is required");
            return Optional.empty();
        }
        return value;
    }

    long integer(String key, long fallback, long min, long max) {
        Optional<JsonNode> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().canConvertToLong() || !value.get().isIntegralNumber()) {
            problem(key, "must be a whole number, was '" + value.get().asText() + "'");
            return fallback;
        }
        long n = value.get().asLong();
        if (n < min || n > max) {
            problem(key, "must be in [" + min + ", " + max + "], was " + n);
            return fallback;
        }
        return n;
    }

    Duration duration(String key, Duration fallback, Duration min) {
        Optional<String> value = optString(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Optional<Duration> parsed = DurationText.tryParse(value.get());
        if (parsed.isEmpty()) {
            problem(key, "must be a duration like 500ms, 10s, 5m, 2h or 7d, was '" + value.get() + "'");
            return fallback;
        }
        if (parsed.get().compareTo(min) < 0) {
            problem(key, "must be at least " + min + ", was " + value.get());
            return fallback;
        }
        return parsed.get();
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        Optional<String> value = optString(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String normalised =
                value.get().trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalised)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        problem(key, "must be one of " + allowed + ", was '" + value.get() + "'");
        return fallback;
    }

    /** Reports keys present in the file that nobody asked for. Call after reading the node. */
    void rejectUnknownKeys() {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problem(key, "is not a known setting");
            }
        }
    }
}
