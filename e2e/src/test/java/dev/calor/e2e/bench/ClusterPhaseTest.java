package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterPhaseTest {

    private static ClusterPhase.Result result(long acknowledged, long stored) {
        return new ClusterPhase.Result(
                8,
                // 60 readings per record; over 4 s one worker's storage group committed 400 records, its alerting 500
                new ClusterDrain(60_000, 1_000, 4.0, 400, 4.0, 500, 9.5),
                new ClusterDrain(60_000, 1_000, 5.0, 600, 5.0, 500, 7.0),
                6.5,
                9.0,
                acknowledged,
                stored,
                4,
                3.2);
    }

    @Test
    void throughputIsTheSlowerGroupsCommittedAdvanceOverTheWindowInReadings() {
        BenchResults results = new BenchResults("cluster", "test machine");
        results.add(result(40_000, 40_000));

        // one worker: storage 400 records x 60 = 24 000 readings in 4 s, alerting 30 000: storage is slower
        assertThat(value(results, "cluster.one_worker.readings_per_s")).isEqualTo(6_000.0);
        assertThat(samples(results, "cluster.one_worker.readings_per_s")).isEqualTo(24_000);
        assertThat(value(results, "cluster.one_worker.storage.readings_per_s")).isEqualTo(6_000.0);
        assertThat(value(results, "cluster.one_worker.alerting.readings_per_s")).isEqualTo(7_500.0);
        assertThat(samples(results, "cluster.one_worker.alerting.readings_per_s"))
                .isEqualTo(30_000);
        assertThat(value(results, "cluster.one_worker.storage.window_s")).isEqualTo(4.0);
        // two workers: alerting (500 records in 5 s) is the slower group
        assertThat(value(results, "cluster.two_workers.readings_per_s")).isEqualTo(6_000.0);
        assertThat(samples(results, "cluster.two_workers.readings_per_s")).isEqualTo(30_000);
        assertThat(value(results, "cluster.two_workers.storage.readings_per_s")).isEqualTo(7_200.0);
    }

    @Test
    void theColdDrainIsItsOwnFigureCountedOnTheWholeBacklog() {
        BenchResults results = new BenchResults("cluster", "test machine");
        results.add(result(40_000, 40_000));

        assertThat(value(results, "cluster.one_worker.cold_drain_s")).isEqualTo(9.5);
        assertThat(samples(results, "cluster.one_worker.cold_drain_s")).isEqualTo(60_000);
        assertThat(value(results, "cluster.two_workers.cold_drain_s")).isEqualTo(7.0);
    }

    @Test
    void failoverFiguresGoUnderCluster() {
        BenchResults results = new BenchResults("cluster", "test machine");
        results.add(result(40_000, 40_000));

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

    private static double value(BenchResults results, String key) {
        return results.get(key).orElseThrow().value();
    }

    private static long samples(BenchResults results, String key) {
        return results.get(key).orElseThrow().samples();
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
