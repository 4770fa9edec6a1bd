package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ./calor bench --quick}: the whole pipeline measured on loopback, nothing lost. */
class BenchIT {

    private static final Logger LOG = LoggerFactory.getLogger(BenchIT.class);

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void quickBenchmarkMeasuresEveryFigureAndLosesNothing() throws InterruptedException {
        BenchPlan plan = BenchPlan.quick();

        BenchResults results = new BenchRun(plan).run();

        LOG.info("quick benchmark:{}{}", System.lineSeparator(), results.toTable());
        assertThat(results.notes()).noneMatch(n -> n.startsWith("pipeline failed"));
        assertThat(results.value("throughput.readings acknowledged by the broker"))
                .isPositive();
        assertThat(results.value("throughput.readings stored in InfluxDB"))
                .isEqualTo(results.value("throughput.readings acknowledged by the broker"));
        assertThat(results.value("throughput.end to end (publish -> queryable)"))
                .isPositive();
        assertThat(results.value("throughput.influxd raw line-protocol ingest")).isPositive();
        assertThat(results.value("peak.concurrent_connections")).isEqualTo(plan.peakDevices());
        assertThat(results.value("peak.readings_stored")).isEqualTo((double) plan.peakDevices() * plan.backlog());
        assertThat(BenchRun.lost(results)).isZero();
        assertThat(results.value("storm.reconnected")).isEqualTo(plan.peakDevices());
        assertThat(results.value("storm.readings_stored"))
                .isEqualTo((double) plan.peakDevices() * StormPhase.OUTAGE_READINGS);
        assertThat(results.value("storm.reconnect_all_s")).isPositive();
        assertThat(results.value("storm.broker_cpu_s")).isPositive();
        assertThat(results.value("latency.publish -> queryable samples")).isEqualTo(plan.latencySamples());
        assertThat(results.value("latency.publish -> queryable p50")).isPositive();
        assertThat(results.value("latency.threshold crossing -> alert samples")).isEqualTo(plan.alertSamples());
        assertThat(results.value("footprint.broker peak RSS")).isGreaterThan(50);
        assertThat(results.value("footprint.worker CPU")).isPositive();
        assertThat(results.value("baselines.mosquitto.readings_delivered"))
                .isEqualTo(results.value("baselines.mosquitto.readings_acknowledged"))
                .isPositive();
        assertThat(results.value("baselines.hivemq_ce.readings_delivered"))
                .isEqualTo(results.value("baselines.hivemq_ce.readings_acknowledged"))
                .isPositive();
        assertThat(results.value("baselines.raw_ingest.cpu_us_per_reading")).isPositive();
        assertThat(results.toCsv().lines().count()).isEqualTo(results.metrics().size() + 1L);
    }
}
