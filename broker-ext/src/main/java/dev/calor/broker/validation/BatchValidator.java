package dev.calor.broker.validation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.broker.config.ValidationPolicy;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.QualityFlag;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a {@code ReadingBatch} payload published on a device's readings topic may pass. Pure:
 * no I/O, no clock of its own, no logging.
 */
public final class BatchValidator {

    private final ValidationPolicy policy;

    public BatchValidator(ValidationPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param payload the PUBLISH payload (its position is not changed)
     * @param topicDeviceId the device id in the topic, already checked against the client's identity
     * @param now the broker's current time
     * @return the parsed batch, or the reason to refuse it
     */
    public ValidationResult validate(ByteBuffer payload, String topicDeviceId, Instant now) {
        int size = payload.remaining();
        if (size > policy.maxPayloadBytes()) {
            return ValidationResult.rejected(
                    RejectReason.PAYLOAD_TOO_LARGE,
                    "payload is " + size + " bytes, the limit is " + policy.maxPayloadBytes());
        }
        ReadingBatch batch;
        try {
            batch = ReadingBatch.parseFrom(payload.duplicate());
        } catch (InvalidProtocolBufferException e) {
            return ValidationResult.rejected(RejectReason.MALFORMED, "not a ReadingBatch: " + e.getMessage());
        }
        Optional<Rejection> problem = check(batch, topicDeviceId, now);
        return problem.isPresent() ? new ValidationResult(Optional.empty(), problem) : ValidationResult.accepted(batch);
    }

    /** Checks an already parsed batch; empty when it is valid. */
    public Optional<Rejection> check(ReadingBatch batch, String topicDeviceId, Instant now) {
        if (batch.getSchemaVersion() == 0) {
            return reject(RejectReason.MISSING_FIELD, "schema_version is missing");
        }
        if (!SchemaVersions.isSupported(batch.getSchemaVersion())) {
            return reject(
                    RejectReason.UNSUPPORTED_SCHEMA_VERSION,
                    "schema_version " + batch.getSchemaVersion() + " is not in [" + SchemaVersions.OLDEST_SUPPORTED
                            + ", " + SchemaVersions.CURRENT + "]");
        }
        if (batch.getDeviceId().isEmpty()) {
            return reject(RejectReason.MISSING_FIELD, "device_id is missing");
        }
        if (!batch.getDeviceId().equals(topicDeviceId)) {
            return reject(
                    RejectReason.DEVICE_MISMATCH,
                    "payload device_id '" + batch.getDeviceId() + "' differs from topic device '" + topicDeviceId
                            + "'");
        }
        if (batch.getReadingsCount() == 0) {
            return reject(RejectReason.EMPTY_BATCH, "the batch has no readings");
        }
        if (batch.getReadingsCount() > policy.maxReadingsPerBatch()) {
            return reject(
                    RejectReason.TOO_MANY_READINGS,
                    batch.getReadingsCount() + " readings, the limit is " + policy.maxReadingsPerBatch());
        }
        long nowNs = toNanos(now);
        long latestNs = nowNs + policy.maxFutureSkew().toNanos();
        long oldestNs = nowNs - policy.maxAge().toNanos();
        Reading previous = null;
        for (int i = 0; i < batch.getReadingsCount(); i++) {
            Reading r = batch.getReadings(i);
            Optional<Rejection> problem = checkReading(r, i, latestNs, oldestNs);
            if (problem.isPresent()) {
                return problem;
            }
            if (previous != null && !isAfter(r, previous)) {
                return reject(
                        RejectReason.SEQUENCE_NOT_INCREASING,
                        "readings[" + i + "] (boot_epoch " + r.getBootEpoch() + ", sequence " + r.getSequence()
                                + ") does not follow (boot_epoch " + previous.getBootEpoch() + ", sequence "
                                + previous.getSequence() + ")");
            }
            previous = r;
        }
        if (batch.hasStatus()) {
            var status = batch.getStatus();
            if (!status.getDeviceId().isEmpty() && !status.getDeviceId().equals(topicDeviceId)) {
                return reject(
                        RejectReason.DEVICE_MISMATCH,
                        "status.device_id '" + status.getDeviceId() + "' differs from topic device '" + topicDeviceId
                                + "'");
            }
            if (status.hasBatteryPercent() && status.getBatteryPercent() > 100) {
                return reject(
                        RejectReason.VALUE_OUT_OF_RANGE,
                        "status.battery_percent " + status.getBatteryPercent() + " is above 100");
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a {@code DeviceStatus} published on a device's status topic. An empty payload is accepted: with
     * the retain flag it clears the retained status.
     */
    /** A DeviceStatus is a few dozen bytes; a retained status is stored by the broker, so keep it small. */
    public static final int MAX_STATUS_BYTES = 4096;

    public Optional<Rejection> validateStatus(ByteBuffer payload, String topicDeviceId) {
        if (!payload.hasRemaining()) {
            return Optional.empty();
        }
        if (payload.remaining() > MAX_STATUS_BYTES) {
            return reject(
                    RejectReason.PAYLOAD_TOO_LARGE,
                    "status payload is " + payload.remaining() + " bytes, at most " + MAX_STATUS_BYTES);
        }
        DeviceStatus status;
        try {
            status = DeviceStatus.parseFrom(payload.duplicate());
        } catch (InvalidProtocolBufferException e) {
            return reject(RejectReason.MALFORMED, "not a DeviceStatus: " + e.getMessage());
        }
        if (!SchemaVersions.isSupported(status.getSchemaVersion())) {
            return reject(
                    status.getSchemaVersion() == 0
                            ? RejectReason.MISSING_FIELD
                            : RejectReason.UNSUPPORTED_SCHEMA_VERSION,
                    "status schema_version " + status.getSchemaVersion() + " is not supported");
        }
        if (!status.getDeviceId().equals(topicDeviceId)) {
            return reject(
                    RejectReason.DEVICE_MISMATCH,
                    "status device_id '" + status.getDeviceId() + "' differs from topic device '" + topicDeviceId
                            + "'");
        }
        if (status.hasBatteryPercent() && status.getBatteryPercent() > 100) {
            return reject(
                    RejectReason.VALUE_OUT_OF_RANGE, "battery_percent " + status.getBatteryPercent() + " is above 100");
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkReading(Reading r, int i, long latestNs, long oldestNs) {
        String at = "readings[" + i + "]";
        if (r.getSampleTimeUnixNs() == 0) {
            return reject(RejectReason.MISSING_FIELD, at + ".sample_time_unix_ns is missing");
        }
        if (r.getSite() == MeasurementSite.UNRECOGNIZED) {
            return reject(RejectReason.VALUE_OUT_OF_RANGE, at + ".site " + r.getSiteValue() + " is unknown");
        }
        if (policy.requireSite() && r.getSite() == MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED) {
            return reject(RejectReason.MISSING_FIELD, at + ".site is missing");
        }
        double t = r.getTemperatureCelsius();
        boolean sensorError = (r.getQualityFlags() & QualityFlag.QUALITY_FLAG_SENSOR_ERROR_VALUE) != 0;
        if (Double.isNaN(t)) {
            if (!sensorError) {
                return reject(
                        RejectReason.VALUE_OUT_OF_RANGE,
                        at + ".temperature_celsius is NaN without the SENSOR_ERROR quality flag");
            }
        } else if (!(t >= policy.minTemperatureCelsius() && t <= policy.maxTemperatureCelsius())) {
            return reject(
                    RejectReason.VALUE_OUT_OF_RANGE,
                    at + ".temperature_celsius " + t + " is outside [" + policy.minTemperatureCelsius() + ", "
                            + policy.maxTemperatureCelsius() + "]");
        }
        if (r.getSampleTimeUnixNs() > latestNs) {
            return reject(
                    RejectReason.SAMPLE_IN_FUTURE,
                    at + ".sample_time " + Instant.ofEpochSecond(0, r.getSampleTimeUnixNs())
                            + " is ahead of the broker clock by more than " + policy.maxFutureSkew());
        }
        if (r.getSampleTimeUnixNs() < oldestNs) {
            return reject(
                    RejectReason.SAMPLE_TOO_OLD,
                    at + ".sample_time " + Instant.ofEpochSecond(0, r.getSampleTimeUnixNs()) + " is older than "
                            + policy.maxAge());
        }
        return Optional.empty();
    }

    private static boolean isAfter(Reading r, Reading previous) {
        if (r.getBootEpoch() != previous.getBootEpoch()) {
            return Integer.compareUnsigned(r.getBootEpoch(), previous.getBootEpoch()) > 0;
        }
        return Integer.compareUnsigned(r.getSequence(), previous.getSequence()) > 0;
    }

    private static long toNanos(Instant now) {
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    private static Optional<Rejection> reject(RejectReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
