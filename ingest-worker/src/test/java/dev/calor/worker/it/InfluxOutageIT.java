package dev.calor.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.testsupport.InfluxServer;
import dev.calor.worker.Worker;
import dev.calor.worker.testing.CareCircles;
import dev.calor.worker.testing.TestDevice;
import dev.calor.worker.testing.TestWorkerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * InfluxDB stopped for 60 s while devices keep sending: the worker stops pulling (what it holds stays
 * within the MQTT receive maximum), retries, and after InfluxDB returns every reading is there once.
 */
@Timeout(150)
class InfluxOutageIT {

    private static final int DEVICES = 5;
    private static final int RECEIVE_MAXIMUM = 32;

    @TempDir
    static Path dir;

    static InfluxServer influx;
    static CalorBroker broker;

    @BeforeAll
    static void start() {
        influx = InfluxServer.start();
        Path careCircle = CareCircles.write(dir.resolve("care-circle.json"), DEVICES, null);
        CredentialsFile.Builder creds = CredentialsFile.builder().worker("worker-1", "worker-pw");
        for (int i = 1; i <= DEVICES; i++) {
            creds.device("patch-" + i, "device-pw");
        }
        Path credentials = creds.write(dir.resolve("credentials.yaml"));
        broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), credentials)
                .extension(ExtensionConfig.builder(credentials)
                        .careCircleFile(careCircle)
                        .build())
                .build());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void sixtySecondsWithoutInfluxDbUnderLoadLosesNothing() throws Exception {
        var cfg = TestWorkerConfig.load(TestWorkerConfig.write(
                dir, "outage", broker.mqttPort(), influx.url(), "outage", dir.resolve("care-circle.json"), "all", ""));
        List<TestDevice> devices = new ArrayList<>();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        AtomicInteger published = new AtomicInteger();
        AtomicLong maxInFlight = new AtomicLong();
        AtomicReference<Throwable> loadError = new AtomicReference<>();
        Instant base = Instant.now().minus(Duration.ofHours(2));
        try (Worker worker = Worker.start(cfg, Clock.systemUTC(), Duration.ofMillis(300))) {
            for (int i = 1; i <= DEVICES; i++) {
                devices.add(new TestDevice(broker.mqttPort(), "patch-" + i, "device-pw"));
            }
            AtomicInteger tickNo = new AtomicInteger();
            load.scheduleAtFixedRate(
                    () -> {
                        int t = tickNo.getAndIncrement();
                        try {
                            for (int d = 0; d < DEVICES; d++) {
                                Instant[] times = new Instant[20];
                                double[] skin = new double[20];
                                for (int i = 0; i < 20; i++) {
                                    times[i] = base.plusMillis((t * 20L + i) * 250);
                                    skin[i] = 36.0 + (i % 5) * 0.05;
                                }
                                devices.get(d).publish(times, skin);
                                published.addAndGet(20);
                            }
                            maxInFlight.accumulateAndGet(
                                    (long) worker.metrics().inFlight.get(), Math::max);
                        } catch (Throwable e) {
                            loadError.compareAndSet(null, e);
                        }
                    },
                    0,
                    500,
                    TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> influx.count("outage", "SELECT count(celsius) FROM body_temperature") > 0);
            influx.stop();
            long stoppedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !worker.health().influxOk.get());
            int publishedAtStop = published.get();
            await().pollDelay(Duration.ofSeconds(60).minusNanos(System.nanoTime() - stoppedAt))
                    .atMost(Duration.ofSeconds(75))
                    .until(() -> true);
            assertThat(published.get() - publishedAtStop)
                    .as("readings sent during the outage")
                    .isGreaterThan(1000);
            influx.restart();
            await().atMost(Duration.ofSeconds(5)).until(() -> true);
            load.shutdown();
            assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(loadError.get()).isNull();

            long total = published.get();
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> influx.count("outage", "SELECT count(celsius) FROM body_temperature") == total);
            assertThat(influx.rows("outage", "SELECT count(celsius) FROM body_temperature GROUP BY device_id"))
                    .hasSize(DEVICES)
                    .allSatisfy(r ->
                            assertThat(((Number) r.get("count")).longValue()).isEqualTo(total / DEVICES));
            assertThat(worker.health().influxOk.get()).isTrue();
            assertThat(worker.metrics().retries.labelValues("0").get()).isGreaterThan(0);
            assertThat(maxInFlight.get()).as("messages held by the worker").isLessThanOrEqualTo(16L * RECEIVE_MAXIMUM);
        } finally {
            load.shutdownNow();
            devices.forEach(TestDevice::close);
        }
    }
}
