package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.testsupport.InfluxServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queryable watch against a real influxd, the way the worker's points look. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueryableWatchIT {

    private static final String DB = "watch";
    private static InfluxServer influx;

    @BeforeAll
    static void startInflux() {
        influx = InfluxServer.start();
        influx.createDatabase(DB);
    }

    @AfterAll
    static void stopInflux() {
        influx.close();
    }

    private static void store(String device, long... sampleNs) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < sampleNs.length; i++) {
            lines.append("body_temperature,device_id=")
                    .append(device)
                    .append(" seq=")
                    .append(i + 1)
                    .append("i,temperature_celsius=36.8 ")
                    .append(sampleNs[i])
                    .append('\n');
        }
        influx.write(DB, lines.toString());
    }

    @Test
    void aBatchIsQueryableOnceEveryReadingOfItsPatchUpToItIsCountedAndLateOnesCountTheirWait() throws Exception {
        long t0 = System.currentTimeMillis() * 1_000_000L;
        TimeSeries queryable = new TimeSeries("queryable", System.nanoTime(), 60);
        QueryableWatch watch = new QueryableWatch(influx.http(), DB, "^w-", Duration.ofMillis(20), queryable);
        long intended = System.nanoTime();
        watch.sent("w-1", new long[] {t0, t0 + 1_000}, intended);
        watch.sent("w-1", new long[] {t0 + 2_000}, intended);
        watch.sent("w-2", new long[] {t0 + 500, t0 + 1_500}, intended);
        store("w-1", t0, t0 + 1_000, t0 + 2_000);
        store("w-2", t0 + 500); // its second reading never arrives
        store("other", t0 + 10); // not a patch of the step

        watch.run(() -> true, System.nanoTime() + Duration.ofMillis(800).toNanos());

        assertThat(watch.sentReadings()).isEqualTo(5);
        assertThat(watch.confirmedReadings()).isEqualTo(4);
        assertThat(watch.pendingReadings()).isEqualTo(1);
        assertThat(queryable.total()).isEqualTo(4);
        // all three batches are samples: two queryable, w-2's counted with the time it was waited for
        assertThat(watch.micros().getTotalCount()).isEqualTo(3);
        assertThat(watch.micros().getMaxValue()).isGreaterThanOrEqualTo(800_000);
        assertThat(watch.micros().getMinValue()).isLessThan(800_000);
        assertThat(watch.polls()).isPositive();
    }
}
