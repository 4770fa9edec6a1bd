package dev.calor.broker.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.broker.config.ValidationPolicy;
import dev.calor.broker.testing.TestBatches;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

    private static final String DEVICE = "patch-0001";
    private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");

    private final BatchValidator validator = new BatchValidator(ValidationPolicy.defaults());

    private ValidationResult validate(ReadingBatch batch) {
        return validator.validate(ByteBuffer.wrap(batch.toByteArray()), DEVICE, NOW);
    }

    private static ReadingBatch.Builder valid() {
        return TestBatches.valid(DEVICE, NOW, 3);
    }

    private static RejectReason reasonOf(ValidationResult r) {
        return r.rejection().orElseThrow().reason();
    }

    @Test
    void acceptsValidBatchAndReturnsItParsed() {
        ReadingBatch batch = valid().build();
        ValidationResult result = validate(batch);
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.batch()).contains(batch);
    }

    @Test
    void rejectsEmptyPayloadAsMissingSchemaVersion() {
        ValidationResult r = validator.validate(ByteBuffer.allocate(0), DEVICE, NOW);
        assertThat(reasonOf(r)).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(r.rejection().get().detail()).isEqualTo("schema_version is missing");
    }

    @Test
    void rejectsBytesThatAreNotProtobuf() {
        ValidationResult r = validator.validate(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0x01, 0x02}), DEVICE, NOW);
        assertThat(reasonOf(r)).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void rejectsPayloadAboveSizeLimitBeforeParsing() {
        BatchValidator small = new BatchValidator(
                new ValidationPolicy(100, 1000, 10, 50, Duration.ofMinutes(5), Duration.ofDays(30), false));
        ValidationResult r = small.validate(ByteBuffer.wrap(new byte[101]), DEVICE, NOW);
        assertThat(reasonOf(r)).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(r.rejection().get().detail()).contains("101 bytes").contains("100");
    }

    @Test
    void rejectsUnsupportedSchemaVersion() {
        assertThat(reasonOf(validate(valid().setSchemaVersion(99).build())))
                .isEqualTo(RejectReason.UNSUPPORTED_SCHEMA_VERSION);
    }

    @Test
    void rejectsMissingDeviceId() {
        assertThat(reasonOf(validate(valid().setDeviceId("").build()))).isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void rejectsBatchWhenTopicDeviceDiffersFromPayload() {
        ValidationResult r = validate(valid().setDeviceId("patch-0002").build());
        assertThat(reasonOf(r)).isEqualTo(RejectReason.DEVICE_MISMATCH);
        assertThat(r.rejection().get().detail()).contains("patch-0002").contains(DEVICE);
    }

    @Test
    void rejectsStatusOfAnotherDevice() {
        ReadingBatch b = valid().setStatus(DeviceStatus.newBuilder().setDeviceId("patch-9"))
                .build();
        assertThat(reasonOf(validate(b))).isEqualTo(RejectReason.DEVICE_MISMATCH);
    }

    @Test
    void rejectsBatteryAboveHundredPercent() {
        ReadingBatch b = valid().setStatus(
                        DeviceStatus.newBuilder().setDeviceId(DEVICE).setBatteryPercent(101))
                .build();
        assertThat(reasonOf(validate(b))).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    }

    @Test
    void acceptsBatteryOfHundredPercent() {
        ReadingBatch b = valid().setStatus(
                        DeviceStatus.newBuilder().setDeviceId(DEVICE).setBatteryPercent(100))
                .build();
        assertThat(validate(b).isAccepted()).isTrue();
    }

    @Test
    void rejectsBatchWithoutReadings() {
        assertThat(reasonOf(validate(valid().clearReadings().build()))).isEqualTo(RejectReason.EMPTY_BATCH);
    }

    @Test
    void rejectsMoreReadingsThanTheLimit() {
        BatchValidator two = new BatchValidator(
                new ValidationPolicy(10_000, 2, 10, 50, Duration.ofMinutes(5), Duration.ofDays(30), false));
        assertThat(reasonOf(two.validate(ByteBuffer.wrap(valid().build().toByteArray()), DEVICE, NOW)))
                .isEqualTo(RejectReason.TOO_MANY_READINGS);
    }

    @Test
    void rejectsReadingWithoutSampleTime() {
        ReadingBatch b = valid().setReadings(
                        1, valid().getReadings(1).toBuilder().setSampleTimeUnixNs(0))
                .build();
        ValidationResult r = validate(b);
        assertThat(reasonOf(r)).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(r.rejection().get().detail()).startsWith("readings[1].sample_time_unix_ns");
    }

    @Test
    void rejectsTemperatureAboveRange() {
        ReadingBatch b = valid().setReadings(
                        0, valid().getReadings(0).toBuilder().setTemperatureCelsius(50.1))
                .build();
        assertThat(reasonOf(validate(b))).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    }

    @Test
    void rejectsTemperatureBelowRange() {
        ReadingBatch b = valid().setReadings(
                        0, valid().getReadings(0).toBuilder().setTemperatureCelsius(9.9))
                .build();
        assertThat(reasonOf(validate(b))).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    }

    @Test
    void acceptsTemperatureAtRangeBounds() {
        ReadingBatch b = valid().setReadings(
                        0, valid().getReadings(0).toBuilder().setTemperatureCelsius(10.0))
                .setReadings(1, valid().getReadings(1).toBuilder().setTemperatureCelsius(50.0))
                .build();
        assertThat(validate(b).isAccepted()).isTrue();
    }

    @Test
    void rejectsNaNWithoutSensorErrorFlag() {
        ReadingBatch b = valid().setReadings(
                        0, valid().getReadings(0).toBuilder().setTemperatureCelsius(Double.NaN))
                .build();
        assertThat(reasonOf(validate(b))).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    }

    @Test
    void acceptsNaNFlaggedAsSensorError() {
        Reading r = valid().getReadings(0).toBuilder()
                .setTemperatureCelsius(Double.NaN)
                .setQualityFlags(QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE)
                .build();
        assertThat(validate(valid().setReadings(0, r).build()).isAccepted()).isTrue();
    }

    @Test
    void rejectsInfiniteTemperatureEvenWithSensorErrorFlag() {
        Reading r = valid().getReadings(0).toBuilder()
                .setTemperatureCelsius(Double.POSITIVE_INFINITY)
                .setQualityFlags(QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE)
                .build();
        assertThat(reasonOf(validate(valid().setReadings(0, r).build()))).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    }

    @Test
    void rejectsUnknownSiteValue() {
        Reading r = valid().getReadings(0).toBuilder().setSiteValue(77).build();
        assertThat(reasonOf(validate(valid().setReadings(0, r).build()))).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
    }

    @Test
    void acceptsUnspecifiedSiteByDefaultButNotWhenRequired() {
        Reading r = valid().getReadings(0).toBuilder()
                .setSite(MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED)
                .build();
        ReadingBatch b = valid().setReadings(0, r).build();
        assertThat(validate(b).isAccepted()).isTrue();
        BatchValidator strict = new BatchValidator(
                new ValidationPolicy(10_000, 100, 10, 50, Duration.ofMinutes(5), Duration.ofDays(30), true));
        assertThat(reasonOf(strict.validate(ByteBuffer.wrap(b.toByteArray()), DEVICE, NOW)))
                .isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void rejectsSampleBeyondFutureSkew() {
        Reading r = TestBatches.reading(9, NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), 37);
        assertThat(reasonOf(validate(valid().addReadings(r).build()))).isEqualTo(RejectReason.SAMPLE_IN_FUTURE);
    }

    @Test
    void acceptsSampleWithinFutureSkew() {
        Reading r = TestBatches.reading(9, NOW.plus(Duration.ofMinutes(4)), 37);
        assertThat(validate(valid().addReadings(r).build()).isAccepted()).isTrue();
    }

    @Test
    void rejectsSampleOlderThanRetention() {
        Reading r = TestBatches.reading(1, NOW.minus(Duration.ofDays(30)).minusSeconds(1), 37);
        ReadingBatch b = valid().clearReadings().addReadings(r).build();
        assertThat(reasonOf(validate(b))).isEqualTo(RejectReason.SAMPLE_TOO_OLD);
    }

    @Test
    void rejectsRepeatedSequenceWithinBatch() {
        ReadingBatch b = valid().setReadings(
                        2, valid().getReadings(2).toBuilder().setSequence(2))
                .build();
        ValidationResult r = validate(b);
        assertThat(reasonOf(r)).isEqualTo(RejectReason.SEQUENCE_NOT_INCREASING);
        assertThat(r.rejection().get().detail()).startsWith("readings[2]");
    }

    @Test
    void acceptsSequenceRestartAfterReboot() {
        Reading afterReboot = valid().getReadings(2).toBuilder()
                .setBootEpoch(2)
                .setSequence(1)
                .build();
        assertThat(validate(valid().setReadings(2, afterReboot).build()).isAccepted())
                .isTrue();
    }

    @Test
    void rejectsOlderBootEpochAfterNewer() {
        Reading older = valid().getReadings(2).toBuilder()
                .setBootEpoch(0)
                .setSequence(100)
                .build();
        assertThat(reasonOf(validate(valid().setReadings(2, older).build())))
                .isEqualTo(RejectReason.SEQUENCE_NOT_INCREASING);
    }

    @Test
    void reasonStringStartsWithReasonLabel() {
        ValidationResult r = validate(valid().setDeviceId("x").build());
        assertThat(r.rejection().get().reasonString()).startsWith("device-mismatch: ");
    }

    @Test
    void statusOfTheTopicDeviceIsAcceptedAndAnEmptyRetainedClearToo() {
        DeviceStatus ok = DeviceStatus.newBuilder()
                .setSchemaVersion(1)
                .setDeviceId(DEVICE)
                .setBatteryPercent(80)
                .build();
        assertThat(validator.validateStatus(ByteBuffer.wrap(ok.toByteArray()), DEVICE))
                .isEmpty();
        assertThat(validator.validateStatus(ByteBuffer.allocate(0), DEVICE)).isEmpty();
    }

    @Test
    void statusOfAnotherDeviceOrWithoutSchemaOrGarbageIsRefused() {
        DeviceStatus other = DeviceStatus.newBuilder()
                .setSchemaVersion(1)
                .setDeviceId("patch-9")
                .build();
        DeviceStatus noSchema = DeviceStatus.newBuilder().setDeviceId(DEVICE).build();
        DeviceStatus battery = DeviceStatus.newBuilder()
                .setSchemaVersion(1)
                .setDeviceId(DEVICE)
                .setBatteryPercent(140)
                .build();
        assertThat(validator
                        .validateStatus(ByteBuffer.wrap(other.toByteArray()), DEVICE)
                        .orElseThrow()
                        .reason())
                .isEqualTo(RejectReason.DEVICE_MISMATCH);
        assertThat(validator
                        .validateStatus(ByteBuffer.wrap(noSchema.toByteArray()), DEVICE)
                        .orElseThrow()
                        .reason())
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(validator
                        .validateStatus(ByteBuffer.wrap(battery.toByteArray()), DEVICE)
                        .orElseThrow()
                        .reason())
                .isEqualTo(RejectReason.VALUE_OUT_OF_RANGE);
        assertThat(validator
                        .validateStatus(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 1}), DEVICE)
                        .orElseThrow()
                        .reason())
                .isEqualTo(RejectReason.MALFORMED);
    }
}
