package dev.calor.worker.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A patient's window ({@link PatientAlertState#recent}) as one packed binary value: it is most of a
 * state, and a state is written at every group commit that touched the patient, so it is copied as
 * bytes rather than serialized property by property for every slot. Layout, big-endian: version byte {@value #VERSION}, slot count, then per slot its
 * number, reading count, min, max and median, open value count and the open values.
 *
 * <p>Reading also accepts the window as an array of slot objects, as versions before 0.2 stored it.
 */
public final class WindowCodec {

    static final byte VERSION = 1;
    private static final int SLOT_BYTES = 8 + 4 + 3 * 8 + 4;

    private WindowCodec() {}

    public static byte[] encode(List<WindowBucket> recent) {
        int size = 1 + 4;
        for (WindowBucket b : recent) {
            size += SLOT_BYTES + 8 * b.openCount();
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putInt(recent.size());
        for (WindowBucket b : recent) {
            out.putLong(b.slot()).putInt(b.count());
            out.putDouble(b.minCelsius()).putDouble(b.maxCelsius()).putDouble(b.median());
            out.putInt(b.openCount());
            for (int i = 0; i < b.openCount(); i++) {
                out.putDouble(b.openValue(i));
            }
        }
        return out.array();
    }

    /** @throws IllegalArgumentException if the bytes are not a window of this version */
    public static List<WindowBucket> decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown window encoding version " + version);
            }
            int slots = in.getInt();
            if (slots < 0 || slots > in.remaining() / SLOT_BYTES) {
                throw new IllegalArgumentException("window of " + slots + " slots in " + bytes.length + " bytes");
            }
            List<WindowBucket> recent = new ArrayList<>(slots);
            for (int s = 0; s < slots; s++) {
                long slot = in.getLong();
                int count = in.getInt();
                double min = in.getDouble();
                double max = in.getDouble();
                double median = in.getDouble();
                int open = in.getInt();
                if (open < 0 || open > in.remaining() / 8) {
                    throw new IllegalArgumentException("slot " + slot + " with " + open + " open values");
                }
                double[] values = new double[open];
                for (int i = 0; i < open; i++) {
                    values[i] = in.getDouble();
                }
                recent.add(new WindowBucket(slot, count, min, max, median, values));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the window");
            }
            return recent;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated window (" + bytes.length + " bytes)", e);
        }
    }

    /** Writes the window as one binary value (raw bytes in Smile, base64 in plain JSON). */
    public static final class Serializer extends JsonSerializer<List<WindowBucket>> {
        @Override
        public void serialize(List<WindowBucket> recent, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeBinary(encode(recent));
        }
    }

    /** Reads the binary value, or the array of slot objects of earlier versions. */
    public static final class Deserializer extends JsonDeserializer<List<WindowBucket>> {
        @Override
        public List<WindowBucket> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                return ctxt.readValue(p, ctxt.getTypeFactory().constructCollectionType(List.class, WindowBucket.class));
            }
            try {
                return decode(p.getBinaryValue());
            } catch (IllegalArgumentException e) {
                throw ctxt.weirdStringException(null, List.class, e.getMessage());
            }
        }
    }
}
