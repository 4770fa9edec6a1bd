package dev.calor.worker.consume;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import java.util.Optional;

/**
 * Decodes an ingest message and checks it belongs where it arrived: a payload that does not parse, a
 * device id that differs from the topic's, or an unsupported schema version is a drop with a reason.
 * Shared by the storage and the alert consumer, which see the same messages.
 */
public final class BatchDecoder {

    /** Why a message was dropped; {@code reason} is the metric label. */
    public record Dropped(String reason, String detail) {}

    /** Either the batch or why it was dropped. */
    public record Result(ReadingBatch batch, Dropped dropped) {
        public boolean ok() {
            return batch != null;
        }
    }

    private BatchDecoder() {}

    public static Result decode(InboundMessage m) {
        Optional<String> device = Topics.deviceOfIngest(m.topic());
        ReadingBatch batch;
        try {
            batch = ReadingBatch.parseFrom(m.payload());
        } catch (InvalidProtocolBufferException e) {
            return dropped("undecodable", e.getMessage());
        }
        if (device.isEmpty() || !device.get().equals(batch.getDeviceId())) {
            return dropped("device_mismatch", "topic " + m.topic() + " carries device '" + batch.getDeviceId() + "'");
        }
        if (!SchemaVersions.isSupported(batch.getSchemaVersion())) {
            return dropped("schema_version", "schema version " + batch.getSchemaVersion());
        }
        return new Result(batch, null);
    }

    private static Result dropped(String reason, String detail) {
        return new Result(null, new Dropped(reason, detail));
    }
}
