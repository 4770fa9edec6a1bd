package dev.calor.broker.testing;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import java.time.Instant;

/** Valid reading batches to start from; tests break one field at a time. */
public final class TestBatches {

    private TestBatches() {}

    public static ReadingBatch.Builder valid(String deviceId, Instant now, int readings) {
        ReadingBatch.Builder b = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId("bridge-test")
                .setBatchId(1)
                .setCreatedTimeUnixNs(nanos(now));
        for (int i = 0; i < readings; i++) {
            b.addReadings(reading(i + 1, now.minusSeconds(60L * (readings - i)), 36.5 + i * 0.1));
        }
        return b;
    }

    public static Reading reading(int sequence, Instant at, double celsius) {
        return Reading.newBuilder()
                .setSequence(sequence)
                .setBootEpoch(1)
                .setSampleTimeUnixNs(nanos(at))
                .setTemperatureCelsius(celsius)
                .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                .setReceivedTimeUnixNs(nanos(at) + 1_000_000)
                .build();
    }

    public static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
