package dev.calor.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.testsupport.PrometheusServer;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static final List<ReceivedAlert> FEVER = List.of(
            new ReceivedAlert("FEVER", "RAISED", "Fever 39.1 °C", false),
            new ReceivedAlert("FEVER", "CLEARED", "Fever over", false));

    @Test
    void saysInfluxDbWasUnreachableInsteadOfANegativeCountAndDoesNotCallThatSuccess() {
        DemoSummary summary = new DemoSummary(OptionalLong.empty(), FEVER, List.of(), null);

        assertThat(summary.line())
                .startsWith("Summary: InfluxDB unreachable, stored readings unknown; 2 alerts delivered")
                .doesNotContain("-1");
        assertThat(summary.ok()).isFalse();
    }

    @Test
    void countsStoredReadingsAndTheFever() {
        DemoSummary summary = new DemoSummary(OptionalLong.of(100), FEVER, List.of(), null);

        assertThat(summary.line())
                .isEqualTo("Summary: 100 readings stored in InfluxDB; 2 alerts delivered to the caregiver; fever"
                        + " raised: yes, fever cleared: yes");
        assertThat(summary.ok()).isTrue();
    }

    @Test
    void aRunStoppedByADeadComponentIsNotASuccess() {
        assertThat(new DemoSummary(OptionalLong.of(100), FEVER, List.of(), "the worker died: exit code 1").ok())
                .isFalse();
    }

    @Test
    void listsOperatorAlertsThatFiredAndThoseOnlyPendingOnceEach() {
        PrometheusServer.Alert down = alert("CalorProcessDown", "firing", "calor-bridge");
        PrometheusServer.Alert downPending = alert("CalorProcessDown", "pending", "calor-bridge");
        PrometheusServer.Alert retries = alert("CalorWorkerWriteRetries", "pending", "calor-worker");
        DemoSummary summary =
                new DemoSummary(OptionalLong.of(10), FEVER, List.of(downPending, down, down, retries), null);

        assertThat(summary.operatorLine())
                .isEqualTo("Operator alerts (Prometheus): fired: CalorProcessDown (instance=127.0.0.1:1 job="
                        + "calor-bridge); pending, not yet fired: CalorWorkerWriteRetries (instance=127.0.0.1:1"
                        + " job=calor-worker)");
        assertThat(new DemoSummary(OptionalLong.of(10), FEVER, List.of(), null).operatorLine())
                .isEqualTo("Operator alerts (Prometheus): none fired");
    }

    private static PrometheusServer.Alert alert(String name, String state, String job) {
        return new PrometheusServer.Alert(
                name,
                state,
                new java.util.TreeMap<>(Map.of(
                        "alertname",
                        name,
                        "alertstate",
                        state,
                        "job",
                        job,
                        "instance",
                        "127.0.0.1:1",
                        "severity",
                        "critical")));
    }
}
