package dev.calor.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedPatchTest {

    private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");
    private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;

    @Test
    void batchCarriesSchemaVersionDeviceAndIncreasingSequences() {
        SimulatedPatch patch = new SimulatedPatch("fleet-000007", 3, Duration.ofSeconds(10), 42);

        ReadingBatch first = patch.nextBatch(5, NOW);
        ReadingBatch second = patch.nextBatch(5, NOW.plusSeconds(50));

        assertThat(first.getSchemaVersion()).isEqualTo(SchemaVersions.CURRENT);
        assertThat(first.getDeviceId()).isEqualTo("fleet-000007");
        assertThat(first.getBridgeId()).isEqualTo("fleet-000007");
        assertThat(first.getBatchId()).isEqualTo(1);
        assertThat(second.getBatchId()).isEqualTo(2);
        assertThat(sequences(first, second)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(first.getReadingsList())
                .allSatisfy(r -> assertThat(r.getBootEpoch()).isEqualTo(3));
        assertThat(patch.readingsProduced()).isEqualTo(10);
    }

    @Test
    void backlogIsSpacedBySampleIntervalAndEndsAtNow() {
        SimulatedPatch patch = new SimulatedPatch("p-1", 1, Duration.ofSeconds(10), 1);

        ReadingBatch batch = patch.nextBatch(60, NOW);

        assertThat(batch.getReadings(0).getSampleTimeUnixNs()).isEqualTo(NOW_NS - 590_000_000_000L);
        assertThat(batch.getReadings(59).getSampleTimeUnixNs()).isEqualTo(NOW_NS);
        assertThat(batch.getReadings(1).getSampleTimeUnixNs()
                        - batch.getReadings(0).getSampleTimeUnixNs())
                .isEqualTo(10_000_000_000L);
    }

    @Test
    void sampleTimesStrictlyIncreaseAcrossOverlappingBatchesAndNeverPassNow() {
        SimulatedPatch patch = new SimulatedPatch("p-1", 1, Duration.ofSeconds(10), 1);
        List<ReadingBatch> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Instant now = NOW.plusMillis(i);
            ReadingBatch batch = patch.nextBatch(10, now);
            long nowNs = NOW_NS + i * 1_000_000L;
            assertThat(batch.getReadingsList())
                    .allSatisfy(r -> assertThat(r.getSampleTimeUnixNs()).isLessThanOrEqualTo(nowNs));
            batches.add(batch);
        }

        long previous = Long.MIN_VALUE;
        for (Reading r :
                batches.stream().flatMap(b -> b.getReadingsList().stream()).toList()) {
            assertThat(r.getSampleTimeUnixNs()).isGreaterThan(previous);
            previous = r.getSampleTimeUnixNs();
        }
    }

    @Test
    void backlogIsSplitIntoBatchesOldestFirst() {
        SimulatedPatch patch = new SimulatedPatch("p-1", 1, Duration.ofSeconds(10), 1);

        List<ReadingBatch> batches = patch.nextBacklog(60, 25, NOW);

        assertThat(batches).extracting(ReadingBatch::getReadingsCount).containsExactly(25, 25, 10);
        assertThat(batches).extracting(ReadingBatch::getBatchId).containsExactly(1L, 2L, 3L);
        assertThat(batches.get(2).getReadings(9).getSequence()).isEqualTo(60);
        assertThat(batches.get(2).getReadings(9).getSampleTimeUnixNs()).isEqualTo(NOW_NS);
    }

    @Test
    void temperaturesAreHealthyAxillaryValuesAtSensorResolution() {
        SimulatedPatch patch = new SimulatedPatch("p-1", 1, Duration.ofSeconds(10), 9);

        ReadingBatch batch = patch.nextBatch(500, NOW);

        assertThat(batch.getReadingsList()).allSatisfy(r -> {
            assertThat(r.getTemperatureCelsius()).isBetween(36.0, 37.0);
            assertThat(Math.abs(r.getTemperatureCelsius() * 100 - Math.round(r.getTemperatureCelsius() * 100)))
                    .isLessThan(1e-6);
        });
    }

    @Test
    void sameSeedGivesSameBatches() {
        ReadingBatch a = new SimulatedPatch("p-1", 1, Duration.ofSeconds(10), 5).nextBatch(20, NOW);
        ReadingBatch b = new SimulatedPatch("p-1", 1, Duration.ofSeconds(10), 5).nextBatch(20, NOW);

        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
    }

    @Test
    void refusesEmptyBatch() {
        SimulatedPatch patch = new SimulatedPatch("p-1", 1, Duration.ofSeconds(10), 1);

        assertThatThrownBy(() -> patch.nextBatch(0, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> sequences(ReadingBatch... batches) {
        List<Integer> result = new ArrayList<>();
        for (ReadingBatch b : batches) {
            b.getReadingsList().forEach(r -> result.add(r.getSequence()));
        }
        return result;
    }
}
