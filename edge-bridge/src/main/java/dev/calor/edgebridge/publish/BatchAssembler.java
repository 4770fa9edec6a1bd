package dev.calor.edgebridge.publish;

import dev.calor.edgebridge.buffer.BufferedReading;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.ReadingBatch;
import java.util.List;

/** Builds the {@link ReadingBatch} published for one device. Pure. */
public final class BatchAssembler {

    private BatchAssembler() {}

    /**
     * @param readings pending readings in (boot epoch, sequence) order, as the buffer returns them
     */
    public static ReadingBatch assemble(
            String deviceId,
            String bridgeId,
            long batchId,
            List<BufferedReading> readings,
            long createdUnixNs,
            DeviceStatus status) {
        ReadingBatch.Builder batch = ReadingBatch.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId(bridgeId)
                .setBatchId(batchId)
                .setCreatedTimeUnixNs(createdUnixNs);
        for (BufferedReading r : readings) {
            if (!r.deviceId().equals(deviceId)) {
                throw new IllegalArgumentException("reading of " + r.deviceId() + " in a batch of " + deviceId);
            }
            batch.addReadings(r.reading());
        }
        if (status != null) {
            batch.setStatus(status);
        }
        return batch.build();
    }
}
