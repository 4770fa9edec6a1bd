package dev.calor.e2e.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calor.testsupport.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator alert rules in ops/prometheus: valid, unit-tested by promtool, each with a runbook. */
class OperatorRulesTest {

    @Test
    void rulesFilePassesPromtoolCheck() {
        Promtool.Result result = Promtool.run(OpsFiles.RULES.getParent(), null, "check", "rules", "calor-rules.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void exampleScrapeConfigWithTheRulesPassesPromtoolCheck() {
        Promtool.Result result =
                Promtool.run(OpsFiles.RULES.getParent(), null, "check", "config", "prometheus.example.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid prometheus config file syntax");
    }

    @Test
    void theDemosPrometheusConfigPassesPromtoolCheck(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("prometheus.yml"),
                PrometheusServer.config(
                        Map.of(
                                "calor-bridge",
                                List.of("127.0.0.1:9464", "127.0.0.1:9465"),
                                "calor-worker",
                                List.of("127.0.0.1:9401")),
                        List.of(OpsFiles.RULES),
                        Duration.ofMillis(1500)));

        Promtool.Result result = Promtool.run(dir, null, "check", "config", "prometheus.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void rulesPassTheirPromtoolUnitTests() {
        Promtool.Result result =
                Promtool.run(OpsFiles.RULES.getParent(), null, "test", "rules", "calor-rules.test.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void promtoolFailsWhenAnAlertDoesNotFireAsExpected(@TempDir Path dir) throws IOException {
        Files.copy(OpsFiles.RULES, dir.resolve("calor-rules.yml"));
        String tests = Files.readString(OpsFiles.RULE_TESTS);
        String wrong = tests.replace(
                "{severity: critical, job: calor-worker, instance: \"w1:9400\"}",
                "{severity: info," + " job: calor-worker, instance: \"w1:9400\"}");
        assertThat(wrong).isNotEqualTo(tests);
        Files.writeString(dir.resolve("calor-rules.test.yml"), wrong);

        Promtool.Result result = Promtool.run(dir, null, "test", "rules", "calor-rules.test.yml");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("FAILED").contains("CalorProcessDown");
    }

    @Test
    void everyAlertHasASeveritySummaryRunbookLineAndRunbookPage() throws IOException {
        String readme = Files.readString(OpsFiles.README);
        Set<String> anchors = readme.lines()
                .filter(l -> l.startsWith("### "))
                .map(l -> l.substring(4).strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<JsonNode> alerts = OpsFiles.alertingRules();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(15);
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            JsonNode annotations = alert.path("annotations");
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("critical", "warning", "info");
            assertThat(annotations.path("summary").asText()).as(name).isNotBlank();
            assertThat(annotations.path("runbook").asText()).as(name).isNotBlank();
            assertThat(annotations.path("runbook_url").asText())
                    .as(name)
                    .isEqualTo("ops/README.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors)
                    .as("runbook page of " + name + " in ops/README.md")
                    .contains(name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void everyAlertHasAPromtoolCaseThatFiresIt() {
        Set<String> fired = new TreeSet<>();
        for (JsonNode test : OpsFiles.yaml(OpsFiles.RULE_TESTS).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    fired.add(check.path("alertname").asText());
                }
            }
        }
        Set<String> alerts = OpsFiles.alertingRules().stream()
                .map(a -> a.path("alert").asText())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(fired).containsExactlyInAnyOrderElementsOf(alerts);
    }

    @Test
    void metricNamesAreTakenFromExpressionsButNotLabelValuesOrRecordingRules() {
        assertThat(OpsFiles.calorMetrics("sum by (job) (rate(calor_broker_connects_total{outcome=\"calor_x\"}[5m]))"
                        + " / calor:worker_alerts_raised:increase15m and calor_bridge_buffer_depth > 1"))
                .containsExactly("calor_bridge_buffer_depth", "calor_broker_connects_total");
    }
}
