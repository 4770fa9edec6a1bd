package dev.calor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.calor.proto.DurationText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One YAML mapping being read. Typed reads fall back to their default and note a problem
 * ({@code <dotted.path>: <problem>}) in a list shared by the whole file instead of stopping at the first;
 * the node remembers which keys were read, so that a misspelt key is reported rather than silently
 * replaced by its default ({@link ConfigFile} checks that once the module's reader is done).
 */
public final class ConfigNode {

    private final JsonNode node;
    private final String path;
    private final Path baseDir;
    private final List<String> problems;
    private final Set<String> read = new TreeSet<>();
    private final Map<String, ConfigNode> sections = new LinkedHashMap<>();
    private final Map<String, List<ConfigNode>> lists = new LinkedHashMap<>();

    private ConfigNode(JsonNode node, String path, Path baseDir, List<String> problems) {
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        this.path = path;
        this.baseDir = baseDir;
        this.problems = problems;
    }

    static ConfigNode root(JsonNode node, Path baseDir, List<String> problems) {
        return new ConfigNode(node, "", baseDir, problems);
    }

    /** This node's dotted path in the file ({@code ""} for the top level). */
    public String path() {
        return path;
    }

    /** The directory relative paths resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /** Whether the file has this mapping at all. */
    public boolean isPresent() {
        return !node.isMissingNode();
    }

    /** Whether the key has a (non-null) value; counts as reading it. */
    public boolean has(String key) {
        return !field(key).isMissingNode();
    }

    /** A nested mapping; absent reads as empty. Asking twice gives the same node. */
    public ConfigNode section(String key) {
        ConfigNode known = sections.get(key);
        if (known != null) {
            return known;
        }
        JsonNode child = field(key);
        if (!child.isMissingNode() && !child.isObject()) {
            problem(key, "must be a mapping");
            child = MissingNode.getInstance();
        }
        ConfigNode section = new ConfigNode(child, qualify(key), baseDir, problems);
        sections.put(key, section);
        return section;
    }

    /** A list of mappings, each read as a node named {@code key[i]}; absent reads as empty. */
    public List<ConfigNode> list(String key) {
        List<ConfigNode> known = lists.get(key);
        if (known != null) {
            return known;
        }
        JsonNode value = field(key);
        List<ConfigNode> items = new ArrayList<>();
        lists.put(key, items);
        if (value.isMissingNode()) {
            return items;
        }
        if (!value.isArray()) {
            problem(key, "must be a list");
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = qualify(key) + "[" + i + "]";
            if (!item.isObject()) {
                problems.add(itemPath + ": must be a mapping");
                item = MissingNode.getInstance();
            }
            items.add(new ConfigNode(item, itemPath, baseDir, problems));
        }
        return items;
    }

    public Optional<String> optString(String key) {
        JsonNode v = field(key);
        if (v.isMissingNode()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            problem(key, "must be a single value");
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    public String string(String key, String def) {
        return optString(key).orElse(def);
    }

    /** A non-blank text value; "is required" otherwise. */
    public Optional<String> required(String key) {
        Optional<String> v = optString(key);
        if (v.isEmpty() || v.get().isBlank()) {
            if (!has(key) || v.isPresent()) {
                problem(key, "is required");
            }
            return Optional.empty();
        }
        return v;
    }

    /** A list of single values; one single value reads as a list of one. */
    public List<String> stringList(String key, List<String> def) {
        JsonNode v = field(key);
        if (v.isMissingNode()) {
            return def;
        }
        if (v.isValueNode()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            problem(key, "must be a list of single values");
            return def;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isValueNode()) {
                problem(key, "must be a list of single values");
                return def;
            }
            items.add(item.asText());
        }
        return items;
    }

    public boolean bool(String key, boolean def) {
        JsonNode v = field(key);
        if (v.isMissingNode()) {
            return def;
        }
        if (!v.isBoolean()) {
            problem(key, "must be true or false, was '" + v.asText() + "'");
            return def;
        }
        return v.booleanValue();
    }

    public int integer(String key, int def, int min, int max) {
        return (int) longInteger(key, def, min, max);
    }

    public long longInteger(String key, long def, long min, long max) {
        JsonNode v = field(key);
        if (v.isMissingNode()) {
            return def;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problem(key, "must be a whole number, was '" + v.asText() + "'");
            return def;
        }
        long n = v.longValue();
        if (n < min || n > max) {
            problem(key, "must be in [" + min + ", " + max + "], was " + n);
            return def;
        }
        return n;
    }

    public double decimal(String key, double def, double min, double max) {
        JsonNode v = field(key);
        if (v.isMissingNode()) {
            return def;
        }
        if (!v.isNumber()) {
            problem(key, "must be a number, was '" + v.asText() + "'");
            return def;
        }
        double n = v.doubleValue();
        if (!(n >= min && n <= max)) {
            problem(key, "must be in [" + min + ", " + max + "], was " + n);
            return def;
        }
        return n;
    }

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, at least {@code min}. */
    public Duration duration(String key, Duration def, Duration min) {
        return duration(key, def, min, null);
    }

    /** A duration between {@code min} and {@code max} (inclusive; {@code max} null for no upper bound). */
    public Duration duration(String key, Duration def, Duration min, Duration max) {
        Optional<String> s = optString(key);
        if (s.isEmpty()) {
            return def;
        }
        Optional<Duration> parsed = DurationText.tryParse(s.get());
        if (parsed.isEmpty()) {
            problem(key, "must be a duration such as 500ms, 10s, 5m, 2h or 7d, was '" + s.get() + "'");
            return def;
        }
        Duration d = parsed.get();
        boolean low = d.compareTo(min) < 0;
        boolean high = max != null && d.compareTo(max) > 0;
        if (low || high) {
            String range = max == null
                    ? "at least " + DurationText.format(min)
                    : "between " + DurationText.format(min) + " and " + DurationText.format(max);
            problem(key, "must be " + range + ", was " + s.get());
            return def;
        }
        return d;
    }

    /** A file path; a relative one resolves against the config file's directory. */
    public Optional<Path> optPath(String key) {
        return optString(key).filter(s -> !s.isBlank()).map(this::resolve);
    }

    public Path path(String key, Path def) {
        return optPath(key).orElse(def);
    }

    /** A file path whose default is written as in the file (relative to its directory). */
    public Path path(String key, String def) {
        return optPath(key).orElseGet(() -> resolve(def));
    }

    /** A path that must be given; "is required" otherwise. */
    public Optional<Path> requiredPath(String key) {
        return required(key).map(this::resolve);
    }

    /** A path to a file this process can read; "is required" when absent and {@code required}. */
    public Optional<Path> readableFile(String key, boolean required) {
        Optional<Path> p = optPath(key);
        if (p.isEmpty() && required) {
            problem(key, "is required");
        }
        p.filter(f -> !Files.isReadable(f)).ifPresent(f -> problem(key, "cannot read " + f));
        return p.filter(Files::isReadable);
    }

    /** An enum constant written in kebab case ({@code drop-oldest} for {@code DROP_OLDEST}). */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
        Optional<String> s = optString(key);
        if (s.isEmpty()) {
            return def;
        }
        String normalized = s.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalized)) {
                return e;
            }
            allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        problem(key, "must be one of " + allowed + ", was '" + s.get() + "'");
        return def;
    }

    /**
     * A secret given inline ({@code key}), in a file ({@code key-file}: a systemd credential or a 0600 file
     * in /etc/calor; trailing whitespace stripped) or in an environment variable ({@code key-env}); at most
     * one of them, and one when {@code required}.
     */
    public Optional<String> secret(String key, boolean required) {
        Optional<String> literal = optString(key);
        Optional<Path> file = optPath(key + "-file");
        Optional<String> env = optString(key + "-env");
        int given = (literal.isPresent() ? 1 : 0) + (file.isPresent() ? 1 : 0) + (env.isPresent() ? 1 : 0);
        if (given > 1 || (given == 0 && required)) {
            problem("", "needs exactly one of '" + key + "', '" + key + "-file' or '" + key + "-env'");
            return Optional.empty();
        }
        if (env.isPresent()) {
            String value = System.getenv(env.get());
            if (value == null || value.isEmpty()) {
                problem(key + "-env", "environment variable " + env.get() + " is not set");
                return Optional.empty();
            }
            return Optional.of(value);
        }
        if (file.isPresent()) {
            try {
                return Optional.of(
                        Files.readString(file.get(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                problem(key + "-file", "cannot read " + file.get());
                return Optional.empty();
            }
        }
        return literal;
    }

    /** Notes a problem with {@code key} of this mapping, or with the mapping itself when {@code key} is empty. */
    public void problem(String key, String message) {
        String where = key.isEmpty() ? path : qualify(key);
        problems.add(where.isEmpty() ? message : where + ": " + message);
    }

    /** Notes a problem for every key of this mapping and the mappings read from it that nobody read. */
    void rejectUnknownKeys() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!read.contains(name)) {
                problem(
                        name,
                        read.isEmpty()
                                ? "is not a known setting"
                                : "is not a known setting (known: " + String.join(", ", read) + ")");
            }
        }
        sections.values().forEach(ConfigNode::rejectUnknownKeys);
        lists.values().forEach(items -> items.forEach(ConfigNode::rejectUnknownKeys));
    }

    private JsonNode field(String key) {
        read.add(key);
        JsonNode v = node.path(key);
        return v.isNull() ? MissingNode.getInstance() : v;
    }

    private Path resolve(String value) {
        Path p = Path.of(value);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
    }

    private String qualify(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
