package dev.calor.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.query.FluxTable;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.worker.config.InfluxSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** The v2 API path (org, bucket, token) against a real InfluxDB 2.7; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(120)
class InfluxV2SinkIT {

    private static final long T0 = 1_795_140_000_000_000_000L;

    @Container
    static final InfluxDBContainer<?> INFLUX = new InfluxDBContainer<>(DockerImageName.parse("influxdb:2.7"))
            .withOrganization("calor")
            .withBucket("readings")
            .withAdminToken("calor-test-token");

    @TempDir
    Path dir;

    @Test
    void writesReadingsThroughTheV2ApiAndARedeliveryOverwritesItself() throws Exception {
        InfluxSettings s = new InfluxSettings(
                "2",
                INFLUX.getUrl(),
                "",
                "",
                "",
                "",
                "calor",
                "readings",
                "calor-test-token",
                true,
                Duration.ofSeconds(10),
                1000,
                1,
                Duration.ofMillis(100),
                Duration.ZERO,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                false);
        List<String> lines = IntStream.range(0, 300)
                .mapToObj(i -> PointMapper.reading(
                        "dev-" + (i % 3),
                        "P-" + (i % 3),
                        Reading.newBuilder()
                                .setSequence(i)
                                .setSampleTimeUnixNs(T0 + i * 1_000_000_000L)
                                .setTemperatureCelsius(36.5)
                                .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                                .build(),
                        37.5))
                .toList();
        try (InfluxClientSink sink = InfluxClientSink.create(s);
                InfluxDBClient client = InfluxClientSink.client(s)) {
            BatchWriter w = new BatchWriter(
                    sink,
                    new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100), 0.5, Math::random),
                    100,
                    new DeadLetterLog(dir.resolve("dlq.jsonl"), Clock.systemUTC()),
                    d -> Thread.sleep(d.toMillis()),
                    WriteListener.NONE);
            w.writeAll(lines);
            w.writeAll(lines.subList(0, 150));
            List<FluxTable> tables = client.getQueryApi()
                    .query("from(bucket: \"readings\") |> range(start: 0)"
                            + " |> filter(fn: (r) => r._measurement == \"body_temperature\" and r._field == \"celsius\")"
                            + " |> group() |> count()");
            assertThat(((Number) tables.get(0).getRecords().get(0).getValue()).longValue())
                    .isEqualTo(300);
        }
    }
}
