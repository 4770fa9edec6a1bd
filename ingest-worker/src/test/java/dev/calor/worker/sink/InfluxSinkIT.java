package dev.calor.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.influxdb.client.InfluxDBClient;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.testsupport.InfluxServer;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.config.InfluxSettings;
import dev.calor.worker.consume.InboundMessage;
import dev.calor.worker.consume.StoragePipeline;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.testing.CareCircles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class InfluxSinkIT {

    private static final long T0 = 1_795_140_000_000_000_000L;
    private static InfluxServer influx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startInflux() {
        influx = InfluxServer.start();
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void initDbCreatesRetentionPoliciesAndTheRollupQueryIdempotently() {
        InfluxSettings s = InfluxSettings.v1(influx.url(), "init_db");
        try (InfluxDBClient client = InfluxClientSink.client(s)) {
            SchemaInitializer.init(client, s);
            SchemaInitializer.init(client, s);
        }
        List<Map<String, Object>> rps = influx.rows("init_db", "SHOW RETENTION POLICIES ON init_db");
        assertThat(rps).anySatisfy(r -> {
            assertThat(r.get("name")).isEqualTo("raw_30d");
            assertThat(r.get("duration")).isEqualTo("720h0m0s");
            assertThat(r.get("default")).isEqualTo(true);
        });
        assertThat(rps).anySatisfy(r -> {
            assertThat(r.get("name")).isEqualTo("rollup_2y");
            assertThat(r.get("duration")).isEqualTo("17472h0m0s");
        });
        List<Map<String, Object>> cqs = influx.rows("init_db", "SHOW CONTINUOUS QUERIES");
        assertThat(cqs)
                .filteredOn(r -> "cq_body_temperature_1m".equals(r.get("name")))
                .singleElement()
                .satisfies(r -> assertThat(String.valueOf(r.get("query"))).contains("RESAMPLE EVERY 1m FOR 2h"));
    }

    @Test
    void aBacklogOlderThanTheResampleWindowIsBackfilledIntoTheRollup() throws Exception {
        InfluxSettings s = InfluxSettings.v1(influx.url(), "backfill_db");
        long threeHoursAgo = (System.currentTimeMillis() - 3 * 3_600_000L) / 60_000L * 60_000_000_000L;
        List<String> lines = IntStream.range(0, 120)
                .mapToObj(i -> PointMapper.reading(
                        "dev-b",
                        "P-b",
                        dev.calor.proto.v1.Reading.newBuilder()
                                .setSequence(i + 1)
                                .setSampleTimeUnixNs(threeHoursAgo + i * 1_000_000_000L)
                                .setTemperatureCelsius(36.0)
                                .build(),
                        37.0))
                .toList();
        try (InfluxDBClient client = InfluxClientSink.client(s);
                InfluxClientSink sink = InfluxClientSink.create(s);
                RollupBackfill backfill = new RollupBackfill(client, s)) {
            SchemaInitializer.init(client, s);
            writer(sink, 500).writeAll(lines);
            backfill.written(threeHoursAgo, threeHoursAgo + 119_000_000_000L, System.currentTimeMillis() * 1_000_000L);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(influx.count(
                                    "backfill_db", "SELECT sum(readings) FROM rollup_2y.body_temperature_1m"))
                            .isEqualTo(120));
        }
    }

    @Test
    void writesReadingsThroughTheV1PathGzippedAndARedeliveryOverwritesItself() throws Exception {
        InfluxSettings s = InfluxSettings.v1(influx.url(), "readings_db");
        List<String> lines = IntStream.range(0, 1200)
                .mapToObj(i -> PointMapper.reading("dev-" + (i % 3), "P-" + (i % 3), reading(i), 37.0 + i * 0.001))
                .toList();
        try (InfluxDBClient client = InfluxClientSink.client(s);
                InfluxClientSink sink = InfluxClientSink.create(s)) {
            SchemaInitializer.init(client, s);
            BatchWriter w = writer(sink, 500);
            w.writeAll(lines);
            w.writeAll(lines.subList(0, 700));
        }
        assertThat(influx.count("readings_db", "SELECT count(celsius) FROM raw_30d.body_temperature"))
                .isEqualTo(1200);
        assertThat(influx.count(
                        "readings_db", "SELECT count(seq) FROM raw_30d.body_temperature WHERE device_id='dev-1'"))
                .isEqualTo(400);
        Map<String, Object> row = influx.rows(
                        "readings_db", "SELECT * FROM raw_30d.body_temperature WHERE device_id='dev-2' LIMIT 1")
                .get(0);
        assertThat(row)
                .containsEntry("patient_id", "P-2")
                .containsEntry("site", "skin")
                .containsEntry("seq", 2);
        assertThat(row.get("time")).isEqualTo(T0 + 2_000_000_000L);
        assertThat((Double) row.get("core_celsius")).isEqualTo(37.002, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aPoisonPointIsDeadLetteredWhileTheRestOfItsBatchIsWritten() throws Exception {
        influx.createDatabase("poison_db");
        influx.write("poison_db", "device_status,device_id=dev-9 battery_percent=\"full\" " + T0);
        InfluxSettings s = InfluxSettings.v1(influx.url(), "poison_db");
        s = autogen(s.url(), "poison_db", 1000, 1, s.flushInterval(), s.linger());
        DeviceStatus status = DeviceStatus.newBuilder()
                .setDeviceId("dev-9")
                .setBatteryPercent(80)
                .setTimeUnixNs(T0 + 5)
                .build();
        List<String> lines = new java.util.ArrayList<>(IntStream.range(0, 9)
                .mapToObj(i -> PointMapper.reading("dev-9", "P-9", reading(i), 37.0))
                .toList());
        lines.add(4, PointMapper.status(status, "P-9", T0));
        try (InfluxClientSink sink = InfluxClientSink.create(s)) {
            writer(sink, 1000).writeAll(lines);
        }
        assertThat(influx.count("poison_db", "SELECT count(celsius) FROM body_temperature"))
                .isEqualTo(9);
        List<String> dlq = Files.readAllLines(dir.resolve("dlq.jsonl"));
        assertThat(dlq)
                .singleElement()
                .satisfies(l -> assertThat(l).contains("field type conflict").contains("device_status"));
    }

    @Test
    void honoursRetryAfterOn429AndSplitsOn413() throws Exception {
        influx.createDatabase("proxy_db");
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(influx.url())) {
            proxy.tooManyLeft.set(2);
            proxy.maxBodyBytes = 6_000;
            InfluxSettings s = new InfluxSettings(
                    "1",
                    proxy.url(),
                    "proxy_db",
                    "autogen",
                    "",
                    "",
                    "",
                    "",
                    "",
                    false,
                    Duration.ofSeconds(5),
                    1000,
                    1,
                    Duration.ofMillis(10),
                    Duration.ZERO,
                    Duration.ofMillis(10),
                    Duration.ofMillis(200),
                    false);
            List<java.time.Duration> slept = new java.util.ArrayList<>();
            try (InfluxClientSink sink = InfluxClientSink.create(s)) {
                BatchWriter w = new BatchWriter(
                        sink,
                        new RetryPolicy(s.retryInitial(), s.retryMax(), 0.5, Math::random),
                        1000,
                        new DeadLetterLog(dir.resolve("dlq.jsonl"), Clock.systemUTC()),
                        d -> {
                            slept.add(d);
                            Thread.sleep(d.toMillis());
                        },
                        WriteListener.NONE);
                w.writeAll(IntStream.range(0, 400)
                        .mapToObj(i -> PointMapper.reading("dev-p", "P-p", reading(i), 37.0))
                        .toList());
            }
            assertThat(slept).startsWith(Duration.ofSeconds(1), Duration.ofSeconds(1));
            assertThat(proxy.statuses).contains(429, 413, 204);
            assertThat(proxy.statuses.stream().filter(x -> x == 204).count()).isGreaterThan(1);
        }
        assertThat(influx.count("proxy_db", "SELECT count(celsius) FROM body_temperature"))
                .isEqualTo(400);
        assertThat(dir.resolve("dlq.jsonl")).doesNotExist();
    }

    @Test
    void aQuietStreamIsWrittenAtOnceAndWhatArrivesDuringAWriteSharesTheNextOne() throws Exception {
        influx.createDatabase("flush_db");
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(influx.url())) {
            AtomicInteger acked = new AtomicInteger();
            try (Storage storage = new Storage(proxy.url(), "flush_db", 5000, Duration.ZERO)) {
                proxy.holdWrites();
                storage.pipeline.submit(message(1, acked));
                // written without waiting for the hour-long flush interval: no write was under way, linger 0
                await().atMost(Duration.ofSeconds(10)).until(() -> proxy.writes.get() == 1);
                storage.pipeline.submit(message(2, acked));
                storage.pipeline.submit(message(3, acked));
                storage.pipeline.submit(message(4, acked));
                assertThat(acked)
                        .as("nothing acknowledged before InfluxDB answered")
                        .hasValue(0);

                proxy.release();

                await().atMost(Duration.ofSeconds(10)).until(() -> acked.get() == 4);
                assertThat(proxy.writes)
                        .as("the three messages that arrived during the first write share the second")
                        .hasValue(2);
            } finally {
                proxy.release();
            }
        }
        assertThat(influx.count("flush_db", "SELECT count(celsius) FROM body_temperature"))
                .isEqualTo(4);
    }

    @Test
    void withALingerTheFirstMessageWaitsForOthersAndTheyShareOneWrite() throws Exception {
        influx.createDatabase("linger_db");
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(influx.url())) {
            AtomicInteger acked = new AtomicInteger();
            // a batch of three points, an hour-long linger: only the full batch can be written
            try (Storage storage = new Storage(proxy.url(), "linger_db", 3, Duration.ofHours(1))) {
                storage.pipeline.submit(message(1, acked));
                storage.pipeline.submit(message(2, acked));
                storage.pipeline.submit(message(3, acked));

                await().atMost(Duration.ofSeconds(10)).until(() -> acked.get() == 3);
                assertThat(proxy.writes)
                        .as("one request for the three messages")
                        .hasValue(1);
            }
        }
        assertThat(influx.count("linger_db", "SELECT count(celsius) FROM body_temperature"))
                .isEqualTo(3);
    }

    /** A storage pipeline on its own thread, writing through {@code url}, flush interval one hour. */
    private final class Storage implements AutoCloseable {
        final StoragePipeline pipeline;
        private final Thread loop;
        private final InfluxDBClient client;
        private final InfluxClientSink sink;
        private final RollupBackfill backfill;

        Storage(String url, String database, int batchSize, Duration linger) {
            InfluxSettings s = autogen(url, database, batchSize, 4, Duration.ofHours(1), linger);
            client = InfluxClientSink.client(s);
            sink = InfluxClientSink.create(s);
            backfill = new RollupBackfill(client, s);
            pipeline = new StoragePipeline(
                    CareCircleWatcher.load(CareCircles.write(dir.resolve(database + "-cc.json"), 1, null)),
                    writer(sink, batchSize),
                    backfill,
                    new WorkerMetrics(),
                    new HealthState(),
                    Clock.systemUTC(),
                    batchSize,
                    4,
                    s.flushInterval(),
                    s.linger());
            loop = new Thread(pipeline, "storage-under-test");
            loop.start();
        }

        @Override
        public void close() throws Exception {
            pipeline.stop(Duration.ofSeconds(5));
            loop.join(5_000);
            backfill.close();
            sink.close();
            client.close();
        }
    }

    private static InboundMessage message(int seq, AtomicInteger acked) {
        long now = System.currentTimeMillis() * 1_000_000L;
        ReadingBatch batch = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId("patch-1")
                .setBridgeId("patch-1")
                .setBatchId(seq)
                .addReadings(Reading.newBuilder()
                        .setSequence(seq)
                        .setBootEpoch(1)
                        .setSampleTimeUnixNs(now - 10_000_000_000L + seq)
                        .setTemperatureCelsius(36.8)
                        .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN))
                .build();
        return new InboundMessage(0, Topics.ingest(0, "patch-1"), batch.toByteArray(), acked::incrementAndGet);
    }

    /** InfluxDB 1.x on the autogen policy, schema not set up: the defaults but for how points are flushed. */
    private static InfluxSettings autogen(
            String url, String database, int batchSize, int parallelWrites, Duration flushInterval, Duration linger) {
        InfluxSettings d = InfluxSettings.v1(url, database);
        return new InfluxSettings(
                "1",
                url,
                database,
                "autogen",
                "",
                "",
                "",
                "",
                "",
                true,
                d.timeout(),
                batchSize,
                parallelWrites,
                flushInterval,
                linger,
                d.retryInitial(),
                d.retryMax(),
                false);
    }

    private BatchWriter writer(LineSink sink, int batch) {
        return new BatchWriter(
                sink,
                new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100), 0.5, Math::random),
                batch,
                new DeadLetterLog(dir.resolve("dlq.jsonl"), Clock.systemUTC()),
                d -> Thread.sleep(d.toMillis()),
                WriteListener.NONE);
    }

    private static Reading reading(int i) {
        return Reading.newBuilder()
                .setSequence(i)
                .setBootEpoch(1)
                .setSampleTimeUnixNs(T0 + i * 1_000_000_000L)
                .setTemperatureCelsius(36.0 + i * 0.001)
                .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                .build();
    }
}
