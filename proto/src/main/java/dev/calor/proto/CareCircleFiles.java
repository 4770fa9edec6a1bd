package dev.calor.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.calor.proto.v1.CareCircleRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the care-circle registry file (protobuf JSON mapping of {@link CareCircleRegistry}). */
public final class CareCircleFiles {

    private CareCircleFiles() {}

    /**
     * Parses a registry file. Unknown fields are an error, so a typo in a threshold name does not
     * silently fall back to a default.
     *
     * @throws IllegalArgumentException when the file is not a valid registry, naming the problem
     */
    public static CareCircleRegistry read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read care-circle file " + file, e);
        }
        return parse(json, file.toString());
    }

    public static CareCircleRegistry parse(String json, String origin) {
        CareCircleRegistry.Builder builder = CareCircleRegistry.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("care-circle file " + origin + " is invalid: " + e.getMessage(), e);
        }
        return builder.build();
    }

    public static String toJson(CareCircleRegistry registry) {
        try {
            return JsonFormat.printer().print(registry);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
