package dev.calor.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.sim.fleet.DurationConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a benchmark plan from YAML: any of the keys below, over the chosen profile. Every problem in the
 * file is reported at once.
 *
 * <pre>
 * loadPatches: 500         # patches of the end-to-end load pool
 * patchReadingInterval: 2s # a patch reads this often; a publish carries the bridge's 10 s of readings
 * fixedRate: 0             # readings/s to confirm without a search; 0 searches
 * confirmDuration: 60s     # the confirmation step at the rate found
 * feverPatients: 250       # patches going into fever at planned times during the confirmation
 * peakDevices: 20000
 * backlog: 60
 * rawPoints: 2000000       # points for influxd's raw ingest rate
 * mosquittoBaseline: true
 * settleTimeout: 120s      # wait for the peak's last reading to become queryable
 * </pre>
 */
final class BenchPlanFile {

    private static final Set<String> KEYS = Set.of(
            "loadPatches",
            "patchReadingInterval",
            "fixedRate",
            "confirmDuration",
            "feverPatients",
            "peakDevices",
            "backlog",
            "rawPoints",
            "mosquittoBaseline",
            "settleTimeout");

    private BenchPlanFile() {}

    /** @throws IllegalArgumentException listing every problem of the file */
    static BenchPlan read(Path file, BenchPlan base) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": must be a YAML mapping");
        }
        List<String> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                errors.add("unknown key '" + name + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        Reader r = new Reader(root, errors);
        LoadPlan base0 = base.load();
        LoadPlan.Builder load = base0.toBuilder()
                .patches(r.integer("loadPatches", base0.patches()))
                .shape(base0.shape()
                        .withPatchReadingInterval(
                                r.duration("patchReadingInterval", base0.shape().patchReadingInterval())))
                .fixedRate(r.decimal("fixedRate", base0.fixedRate()))
                .confirm(r.duration("confirmDuration", base0.confirm()))
                .feverPatients(r.integer("feverPatients", base0.feverPatients()));
        int peakDevices = r.integer("peakDevices", base.peakDevices());
        int backlog = r.integer("backlog", base.backlog());
        int rawPoints = r.integer("rawPoints", base.rawPoints());
        boolean mosquitto = r.bool("mosquittoBaseline", base.mosquittoBaseline());
        Duration settle = r.duration("settleTimeout", base.settleTimeout());
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(file + " is invalid:\n  - " + String.join("\n  - ", errors));
        }
        LoadPlan plan;
        try {
            plan = load.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is invalid: " + e.getMessage(), e);
        }
        return new BenchPlan(
                base.profile() + " + " + file.getFileName(), plan, peakDevices, backlog, rawPoints, mosquitto, settle);
    }

    private record Reader(JsonNode root, List<String> errors) {

        int integer(String key, int fallback) {
            JsonNode n = root.get(key);
            if (n == null) {
                return fallback;
            }
            if (!n.canConvertToInt()) {
                errors.add(key + " must be a whole number, was '" + n.asText() + "'");
                return fallback;
            }
            return n.asInt();
        }

        double decimal(String key, double fallback) {
            JsonNode n = root.get(key);
            if (n == null) {
                return fallback;
            }
            if (!n.isNumber()) {
                errors.add(key + " must be a number, was '" + n.asText() + "'");
                return fallback;
            }
            return n.asDouble();
        }

        boolean bool(String key, boolean fallback) {
            JsonNode n = root.get(key);
            if (n == null) {
                return fallback;
            }
            if (!n.isBoolean()) {
                errors.add(key + " must be true or false, was '" + n.asText() + "'");
                return fallback;
            }
            return n.asBoolean();
        }

        Duration duration(String key, Duration fallback) {
            JsonNode n = root.get(key);
            if (n == null) {
                return fallback;
            }
            try {
                return DurationConverter.parse(n.asText());
            } catch (RuntimeException e) {
                errors.add(key + ": '" + n.asText() + "' is not a duration (examples: 500ms, 30s, 2m)");
                return fallback;
            }
        }
    }
}
