package dev.calor.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void reportsZeroWhenEmpty() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.count()).isZero();
        assertThat(histogram.percentileMicros(99)).isZero();
        assertThat(histogram.maxMicros()).isZero();
    }

    @Test
    void keepsSmallValuesExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            histogram.recordMicros(v);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentileMicros(50)).isEqualTo(50);
        assertThat(histogram.percentileMicros(99)).isEqualTo(99);
        assertThat(histogram.maxMicros()).isEqualTo(100);
    }

    @Test
    void reportsLargeValuesWithinTwoPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int v = 1; v <= 10_000; v++) {
            histogram.recordMicros(v * 1_000L);
        }

        assertThat((double) histogram.percentileMicros(50)).isCloseTo(5_000_000, within(100_000.0));
        assertThat((double) histogram.percentileMicros(99)).isCloseTo(9_900_000, within(200_000.0));
        assertThat((double) histogram.maxMicros()).isCloseTo(10_000_000, within(200_000.0));
        assertThat(histogram.percentileMicros(99)).isGreaterThanOrEqualTo(9_900_000);
    }

    @Test
    void bucketUpperBoundNeverUnderstatesAValue() {
        for (long v : new long[] {0, 1, 127, 128, 129, 255, 256, 1_000, 65_535, 1L << 30, (1L << 40) - 1}) {
            long upper = LatencyHistogram.highestValueOf(LatencyHistogram.indexOf(v));
            assertThat(upper).as("value %d", v).isGreaterThanOrEqualTo(v);
            assertThat((double) upper).as("value %d", v).isLessThanOrEqualTo(Math.max(v * 1.016, v + 0.0));
        }
    }

    @Test
    void clampsNegativeAndHugeValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMicros(-5);
        histogram.recordMicros(Long.MAX_VALUE);

        assertThat(histogram.count()).isEqualTo(2);
        assertThat(histogram.percentileMicros(50)).isZero();
    }
}
