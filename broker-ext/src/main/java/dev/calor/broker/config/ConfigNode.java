package dev.calor.broker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.calor.proto.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one YAML mapping, records every problem in a shared error list instead of failing on the first,
 * and reports keys nobody asked for (a misspelt key must not silently fall back to a default).
 */
public final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final Path baseDir;
    private final List<String> errors;
    private final Set<String> read = new HashSet<>();
    private final List<ConfigNode> children = new ArrayList<>();

    private ConfigNode(JsonNode node, String path, Path baseDir, List<String> errors) {
        this.node = node;
        this.path = path;
        this.baseDir = baseDir;
        this.errors = errors;
    }

    /** A root node; relative paths resolve against {@code baseDir}. */
    public static ConfigNode root(JsonNode node, Path baseDir, List<String> errors) {
        JsonNode n = node == null || node.isNull() ? MissingNode.getInstance() : node;
        ConfigNode root = new ConfigNode(n, "", baseDir, errors);
        if (!n.isMissingNode() && !n.isObject()) {
            errors.add("the file must contain a mapping at the top level");
        }
        return root;
    }

    public ConfigNode section(String key) {
        JsonNode child = field(key);
        String childPath = qualify(key);
        if (!child.isMissingNode() && !child.isNull() && !child.isObject()) {
            errors.add(childPath + ": must be a mapping");
            child = MissingNode.getInstance();
        }
        ConfigNode c = new ConfigNode(child.isNull() ? MissingNode.getInstance() : child, childPath, baseDir, errors);
        children.add(c);
        return c;
    }

    public boolean has(String key) {
        read.add(key);
        JsonNode v = node.path(key);
        return !v.isMissingNode() && !v.isNull();
    }

    public String string(String key, String def) {
        JsonNode v = field(key);
        if (v.isMissingNode() || v.isNull()) {
            return def;
        }
        if (!v.isValueNode()) {
            errors.add(qualify(key) + ": must be a text value");
            return def;
        }
        return v.asText();
    }

    public String requiredString(String key) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            errors.add(qualify(key) + ": is required");
        }
        return s;
    }

    public boolean bool(String key, boolean def) {
        JsonNode v = field(key);
        if (v.isMissingNode() || v.isNull()) {
            return def;
        }
        if (!v.isBoolean()) {
            errors.add(qualify(key) + ": must be true or false, was '" + v.asText() + "'");
            return def;
        }
        return v.booleanValue();
    }

    public long integer(String key, long def, long min, long max) {
        JsonNode v = field(key);
        if (v.isMissingNode() || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber()) {
            errors.add(qualify(key) + ": must be a whole number, was '" + v.asText() + "'");
            return def;
        }
        long n = v.longValue();
        if (n < min || n > max) {
            errors.add(qualify(key) + ": must be in [" + min + ", " + max + "], was " + n);
            return def;
        }
        return n;
    }

    public double decimal(String key, double def, double min, double max) {
        JsonNode v = field(key);
        if (v.isMissingNode() || v.isNull()) {
            return def;
        }
        if (!v.isNumber()) {
            errors.add(qualify(key) + ": must be a number, was '" + v.asText() + "'");
            return def;
        }
        double n = v.doubleValue();
        if (!(n >= min && n <= max)) {
            errors.add(qualify(key) + ": must be in [" + min + ", " + max + "], was " + n);
            return def;
        }
        return n;
    }

    public Duration duration(String key, Duration def, Duration min, Duration max) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        var parsed = DurationText.tryParse(s);
        if (parsed.isEmpty()) {
            errors.add(qualify(key) + ": must be a duration such as 500ms, 5s, 10m, 2h, 7d; was '" + s + "'");
            return def;
        }
        Duration d = parsed.get();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            errors.add(qualify(key) + ": must be between " + DurationText.format(min) + " and "
                    + DurationText.format(max) + ", was " + s);
            return def;
        }
        return d;
    }

    /** A file path; relative paths resolve against the config file's directory. */
    public Path path(String key, Path def) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            return def;
        }
        Path p = Path.of(s);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        String normalized = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalized)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        errors.add(qualify(key) + ": must be one of " + allowed + ", was '" + s + "'");
        return def;
    }

    public void error(String key, String message) {
        errors.add(qualify(key) + ": " + message);
    }

    /** Adds an error for every key of this mapping and its sections that no reader asked for. */
    public void rejectUnknownKeys() {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!read.contains(name)) {
                    errors.add(qualify(name) + ": unknown property");
                }
            }
        }
        children.forEach(ConfigNode::rejectUnknownKeys);
    }

    private JsonNode field(String key) {
        read.add(key);
        return node.path(key);
    }

    private String qualify(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
