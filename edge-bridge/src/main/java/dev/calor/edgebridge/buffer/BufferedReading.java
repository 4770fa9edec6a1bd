package dev.calor.edgebridge.buffer;

import dev.calor.proto.v1.Reading;

/**
 * A pending reading as stored in the buffer.
 *
 * @param rowId the buffer's own id, used to mark the reading forwarded
 * @param deviceId the patch
 * @param reading the reading exactly as it will be published
 */
public record BufferedReading(long rowId, String deviceId, Reading reading) {

    public long bootEpoch() {
        return Integer.toUnsignedLong(reading.getBootEpoch());
    }

    public long sequence() {
        return Integer.toUnsignedLong(reading.getSequence());
    }
}
