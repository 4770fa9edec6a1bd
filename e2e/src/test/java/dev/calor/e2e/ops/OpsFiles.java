package dev.calor.e2e.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operator files in {@code ops/}: the Prometheus rules, their tests, the Grafana dashboard. */
final class OpsFiles {

    static final Path OPS = findOps();
    static final Path RULES = OPS.resolve("prometheus/calor-rules.yml");
    static final Path RULE_TESTS = OPS.resolve("prometheus/calor-rules.test.yml");
    static final Path DASHBOARD = OPS.resolve("grafana/calor-overview.json");
    static final Path README = OPS.resolve("README.md");

    /** A PromQL identifier: metric, label, function or recording-rule name (with colons). */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:\"$])[a-zA-Z_:][\\w:]*");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpsFiles() {}

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alerting rules of the rules file, as YAML nodes. */
    static List<JsonNode> alertingRules() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : yaml(RULES).path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.add(r);
                }
            });
        }
        return alerts;
    }

    /** Every PromQL expression of the rules file. */
    static List<String> ruleExpressions() {
        List<String> exprs = new ArrayList<>();
        yaml(RULES).path("groups").forEach(g -> g.path("rules")
                .forEach(r -> exprs.add(r.path("expr").asText())));
        return exprs;
    }

    /** Every PromQL expression of the dashboard's panels (rows included), Grafana variables left in. */
    static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        collectTargets(json(DASHBOARD).path("panels"), exprs);
        return exprs;
    }

    private static void collectTargets(JsonNode panels, List<String> exprs) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            collectTargets(panel.path("panels"), exprs);
        }
    }

    /**
     * The Calor metric names an expression reads: identifiers starting with {@code calor_} (recording rules are
     * {@code calor:…}, label values are quoted, so neither is taken).
     */
    static Set<String> calorMetrics(String expr) {
        Set<String> names = new TreeSet<>();
        String unquoted = expr.replaceAll("\"[^\"]*\"", "\"\"");
        Matcher m = IDENTIFIER.matcher(unquoted);
        while (m.find()) {
            if (m.group().startsWith("calor_")) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** Grafana's variables replaced by values PromQL accepts, so promtool can parse a dashboard query. */
    static String withoutGrafanaVariables(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__range", "1h").replaceAll("\\$\\w+", ".+");
    }

    private static Path findOps() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("ops/prometheus"))) {
                return dir.resolve("ops");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no ops/prometheus above " + Path.of("").toAbsolutePath());
    }
}
