package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterPhaseTest {

    private static ClusterPhase.Result result(long acknowledged, long stored) {
        return new ClusterPhase.Result(
                8,
                new ClusterPhase.Drain(60_000, 12.0, 1_000),
                new ClusterPhase.Drain(60_000, 10.0, 900),
                6.5,
                9.0,
                acknowledged,
                stored,
                4,
                3.2);
    }

    @Test
    void figuresGoUnderClusterWithTheReadingsTheyWereMeasuredOn() {
        BenchResults results = new BenchResults("cluster", "test machine");
        results.add(result(40_000, 40_000));

        assertThat(results.get("cluster.one_worker.readings_per_s")
                        .orElseThrow()
                        .value())
                .isEqualTo(5_000.0);
        assertThat(results.get("cluster.one_worker.readings_per_s")
                        .orElseThrow()
                        .samples())
                .isEqualTo(60_000);
        assertThat(results.get("cluster.two_workers.readings_per_s")
                        .orElseThrow()
                        .value())
                .isEqualTo(6_000.0);
        assertThat(results.get("cluster.failover_s").orElseThrow().value()).isEqualTo(6.5);
        assertThat(results.get("cluster.failover_s").orElseThrow().samples()).isEqualTo(1);
        assertThat(results.get("cluster.failover_drained_s").orElseThrow().value())
                .isEqualTo(9.0);
        assertThat(results.get("cluster.failover.lost").orElseThrow().value()).isZero();
        assertThat(results.get("cluster.failover.refused_batches").orElseThrow().value())
                .isEqualTo(4);
        assertThat(results.toJson()).contains("\"cluster\"");
        assertThat(ClusterPhase.succeeded(results)).isTrue();
    }

    @Test
    void aReadingAcknowledgedAndNotStoredFailsTheRun() {
        BenchResults results = new BenchResults("cluster", "test machine");
        results.add(result(40_000, 39_990));

        assertThat(results.get("cluster.failover.lost").orElseThrow().value()).isEqualTo(10);
        assertThat(ClusterPhase.succeeded(results)).isFalse();
    }

    @Test
    void aClusterThatDidNotRunFailsTheRun() {
        BenchResults results = new BenchResults("cluster", "test machine");
        results.note("pipeline failed: no Kafka");

        assertThat(ClusterPhase.succeeded(results)).isFalse();
    }
}
