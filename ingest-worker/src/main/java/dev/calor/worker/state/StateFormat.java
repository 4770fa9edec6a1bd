package dev.calor.worker.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import java.io.IOException;

/**
 * How the worker encodes what it remembers (alert states in SQLite, the Kafka changelog): Smile, Jackson's
 * binary JSON, so that numbers are written as bytes rather than formatted as text (a patient's window is
 * mostly doubles, and a state is written at every group commit that touched the patient). Reading also
 * accepts the plain JSON of versions before 0.2, told apart by its first byte ('{'; a Smile document
 * starts with its ":)" header). Unknown fields are ignored either way.
 */
public final class StateFormat {

    /** Binary values (the packed window) as raw bytes, not spread over 7-bit groups: BLOBs and Kafka take any byte. */
    private static final ObjectMapper SMILE = new ObjectMapper(SmileFactory.builder()
                    .disable(SmileGenerator.Feature.ENCODE_BINARY_AS_7BIT)
                    .build())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StateFormat() {}

    public static byte[] encode(Object value) throws IOException {
        return SMILE.writeValueAsBytes(value);
    }

    public static <T> T decode(byte[] bytes, Class<T> type) throws IOException {
        return (isJson(bytes) ? JSON : SMILE).readValue(bytes, type);
    }

    /** Whether the bytes are a plain JSON document (as earlier versions wrote) rather than Smile. */
    public static boolean isJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }
}
