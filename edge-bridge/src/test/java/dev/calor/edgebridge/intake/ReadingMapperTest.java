package dev.calor.edgebridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.edgebridge.transport.Measurement;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.proto.v1.Reading;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadingMapperTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T06:30:00.123456789Z");
    private final ReadingMapper mapper = ReadingMapper.defaults();

    private static Measurement measurement(Optional<Instant> deviceTime, double celsius, int flags) {
        return new Measurement(
                "patch-0001", 3, 0xFFFF_FFF0L, celsius, MeasurementSite.MEASUREMENT_SITE_SKIN, deviceTime, flags);
    }

    @Test
    void keepsAPlausibleDeviceTimeAsTheSampleTime() {
        Instant sampled = Instant.parse("2026-11-21T06:29:58.5Z");
        Reading r = mapper.map(measurement(Optional.of(sampled), 37.25, 0), RECEIVED);

        assertThat(r.getSampleTimeUnixNs()).isEqualTo(1_795_242_598_500_000_000L);
        assertThat(r.getReceivedTimeUnixNs()).isEqualTo(1_795_242_600_123_456_789L);
        assertThat(r.getQualityFlags()).isZero();
        assertThat(r.getTemperatureCelsius()).isEqualTo(37.25);
        assertThat(Integer.toUnsignedLong(r.getSequence())).isEqualTo(0xFFFF_FFF0L);
        assertThat(r.getBootEpoch()).isEqualTo(3);
        assertThat(r.getSite()).isEqualTo(MeasurementSite.MEASUREMENT_SITE_SKIN);
    }

    @Test
    void keepsADeviceTimeFromDaysAgoForReadingsStoredOnThePatch() {
        Instant sampled = Instant.parse("2026-11-18T06:30:00Z");
        Reading r = mapper.map(measurement(Optional.of(sampled), 36.6, 0), RECEIVED);
        // whole-second device time: placed at (sequence mod 1000) ms + (boot epoch mod 1000) µs in its second
        assertThat(r.getSampleTimeUnixNs()).isEqualTo(sampled.getEpochSecond() * 1_000_000_000L + 280_003_000L);
        assertThat(r.getQualityFlags()).isZero();
    }

    @Test
    void givesTwoReadingsStampedWithTheSameSecondDistinctTimesWithinThatSecond() {
        Instant second = Instant.parse("2026-11-21T06:29:16Z");
        Measurement first = new Measurement(
                "patch-0001", 1, 5, 36.1, MeasurementSite.MEASUREMENT_SITE_SKIN, Optional.of(second), 0);
        Measurement next = new Measurement(
                "patch-0001", 1, 6, 36.2, MeasurementSite.MEASUREMENT_SITE_SKIN, Optional.of(second), 0);

        long a = mapper.map(first, RECEIVED).getSampleTimeUnixNs();
        long b = mapper.map(next, RECEIVED).getSampleTimeUnixNs();

        assertThat(a).isEqualTo(second.getEpochSecond() * 1_000_000_000L + 5_001_000L);
        assertThat(b).isEqualTo(second.getEpochSecond() * 1_000_000_000L + 6_001_000L);
        assertThat(mapper.map(next, RECEIVED.plusSeconds(30)).getSampleTimeUnixNs())
                .as("a redelivered reading gets the same time")
                .isEqualTo(b);
    }

    @Test
    void flagsAMissingDeviceTimeAndUsesTheReceiveTime() {
        Reading r = mapper.map(measurement(Optional.empty(), 36.6, 0), RECEIVED);
        // receive time to the microsecond, plus 1 + (sequence mod 999) ns: 0xFFFFFFF0 mod 999 = 0x... below
        long micros = 1_795_242_600_123_456_000L;
        assertThat(r.getSampleTimeUnixNs()).isEqualTo(micros + 1 + 0xFFFF_FFF0L % 999);
        assertThat(r.getSampleTimeUnixNs() % 1000)
                .as("never a device-timed point's 000")
                .isNotZero();
        assertThat(r.getQualityFlags()).isEqualTo(QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE);
    }

    @Test
    void givesEveryReadingOfAClockLessBacklogItsOwnPointInOrder() {
        // a patch rebooted without its clock resends 300 readings that the intake commits in one group
        java.util.Set<Long> times = new java.util.HashSet<>();
        long previous = 0;
        for (int seq = 1; seq <= 300; seq++) {
            Measurement m = new Measurement(
                    "patch-0001", 9, seq, 36.5, MeasurementSite.MEASUREMENT_SITE_SKIN, Optional.empty(), 0);
            long t = mapper.map(m, RECEIVED).getSampleTimeUnixNs();
            assertThat(t).isGreaterThan(previous);
            previous = t;
            times.add(t);
        }
        assertThat(times).hasSize(300);
        Measurement other =
                new Measurement("patch-0002", 9, 1, 36.5, MeasurementSite.MEASUREMENT_SITE_SKIN, Optional.empty(), 0);
        assertThat(mapper.map(other, RECEIVED).getSampleTimeUnixNs())
                .as("another device's series starts at the receive time")
                .isLessThan(previous);
    }

    @Test
    void keepsButFlagsADeviceTimeWhenTheBridgeCannotVouchForItsOwnClock() {
        ReadingMapper unsure = new ReadingMapper(
                ReadingMapper.DEFAULT_EARLIEST_PLAUSIBLE, ReadingMapper.DEFAULT_MAX_FUTURE_SKEW, () -> false);
        Instant sampled = Instant.parse("2026-11-21T06:29:58.5Z");
        Reading r = unsure.map(measurement(Optional.of(sampled), 37.25, 0), RECEIVED);
        assertThat(r.getSampleTimeUnixNs()).isEqualTo(1_795_242_598_500_000_000L);
        assertThat(r.getQualityFlags()).isEqualTo(QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE);
        Reading ahead =
                unsure.map(measurement(Optional.of(RECEIVED.plus(java.time.Duration.ofHours(2))), 37, 0), RECEIVED);
        assertThat(ahead.getSampleTimeUnixNs())
                .as("no skew check against a clock that is not believed")
                .isEqualTo(
                        RECEIVED.plus(java.time.Duration.ofHours(2)).getEpochSecond() * 1_000_000_000L + 123_456_789L);
    }

    @Test
    void flagsADeviceClockThatWasResetToTheEpoch() {
        Reading r = mapper.map(measurement(Optional.of(Instant.ofEpochSecond(120)), 36.6, 0), RECEIVED);
        assertThat(r.getSampleTimeUnixNs() / 1000).isEqualTo(r.getReceivedTimeUnixNs() / 1000);
        assertThat(r.getQualityFlags() & QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE)
                .isNotZero();
    }

    @Test
    void flagsADeviceTimeTooFarInTheFuture() {
        Reading r = mapper.map(measurement(Optional.of(RECEIVED.plusSeconds(301)), 36.6, 0), RECEIVED);
        assertThat(r.getQualityFlags()).isEqualTo(QualityFlag.QUALITY_FLAG_CLOCK_UNRELIABLE_VALUE);
        Reading ok = mapper.map(measurement(Optional.of(RECEIVED.plusSeconds(299)), 36.6, 0), RECEIVED);
        assertThat(ok.getQualityFlags()).isZero();
    }

    @Test
    void keepsThePatchsFlagsAndMarksASensorSpecialValue() {
        int detached = QualityFlag.QUALITY_FLAG_SENSOR_DETACHED_VALUE;
        Reading r = mapper.map(measurement(Optional.of(RECEIVED), Double.POSITIVE_INFINITY, detached), RECEIVED);
        assertThat(r.getTemperatureCelsius()).isNaN();
        assertThat(r.getQualityFlags()).isEqualTo(detached | QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE);
    }
}
