package dev.calor.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboard in ops/grafana: importable JSON whose every query is PromQL promtool accepts. */
class DashboardTest {

    private final JsonNode dashboard = OpsFiles.json(OpsFiles.DASHBOARD);

    @Test
    void isADashboardWithAPrometheusDataSourceVariable() {
        assertThat(dashboard.path("uid").asText()).isEqualTo("calor-overview");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        List<JsonNode> variables = StreamSupport.stream(
                        dashboard.path("templating").path("list").spliterator(), false)
                .toList();
        assertThat(variables).anySatisfy(v -> {
            assertThat(v.path("name").asText()).isEqualTo("datasource");
            assertThat(v.path("type").asText()).isEqualTo("datasource");
            assertThat(v.path("query").asText()).isEqualTo("prometheus");
        });
    }

    @Test
    void everyPanelHasAUniqueIdAPlaceAndQueriesOnTheSelectedDataSource() {
        Set<Integer> ids = new HashSet<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).hasSizeGreaterThan(10);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique id of " + title)
                    .isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            panel.path("targets").forEach(t -> {
                assertThat(t.path("expr").asText()).as(title).isNotBlank();
                assertThat(t.path("refId").asText()).as(title).isNotBlank();
            });
        }
    }

    @Test
    void everyQueryIsPromQlThatPromtoolParses(@TempDir Path dir) throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expr : OpsFiles.dashboardExpressions()) {
            rules.append("      - record: dashboard:query_")
                    .append(n++)
                    .append("\n        expr: '")
                    .append(OpsFiles.withoutGrafanaVariables(expr).replace("'", "''"))
                    .append("'\n");
        }
        Files.writeString(dir.resolve("dashboard-queries.yml"), rules);

        Promtool.Result result = Promtool.run(dir, null, "check", "rules", "dashboard-queries.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void readsTheMetricsTheAlertsAreAbout() {
        Set<String> dashboardMetrics = new HashSet<>();
        OpsFiles.dashboardExpressions().forEach(e -> dashboardMetrics.addAll(OpsFiles.calorMetrics(e)));
        Set<String> alertMetrics = new HashSet<>();
        OpsFiles.ruleExpressions().forEach(e -> alertMetrics.addAll(OpsFiles.calorMetrics(e)));

        assertThat(dashboardMetrics).containsAll(alertMetrics);
    }
}
