package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueryableWatchTest {

    private final QueryableWatch watch = new QueryableWatch(
            null, "calor", BenchDevices.LOAD_REGEX, Duration.ofMillis(100), new TimeSeries("q", 0, 1));

    @Test
    void aPollCountsOnlyThePatchesWithReadingsInFlight() {
        String q = watch.query(123, List.of("load-000001", "fever-1-000002"));

        assertThat(q)
                .isEqualTo("SELECT count(\"seq\") FROM \"body_temperature\" WHERE time >= 123 AND (\"device_id\" ="
                        + " 'load-000001' OR \"device_id\" = 'fever-1-000002') GROUP BY \"device_id\"");
    }

    @Test
    void tooManyPatchesInFlightToListAreSelectedByTheStepsRegex() {
        List<String> many = IntStream.rangeClosed(1, QueryableWatch.MAX_LISTED + 1)
                .mapToObj(i -> "load-" + i)
                .toList();

        assertThat(watch.query(5, many))
                .contains("\"device_id\" =~ /" + BenchDevices.LOAD_REGEX + "/")
                .doesNotContain(" OR ");
    }
}
