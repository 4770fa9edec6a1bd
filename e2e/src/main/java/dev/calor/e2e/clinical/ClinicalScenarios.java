package dev.calor.e2e.clinical;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.calor.proto.DurationText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes clinical scenario files (YAML, durations as {@code 90s}, {@code 2h30m}). */
public final class ClinicalScenarios {

    private static final ObjectMapper YAML = new ObjectMapper(
                    new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .registerModule(new SimpleModule()
                    .addDeserializer(Duration.class, new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return DurationText.parse(p.getValueAsString());
                        }
                    })
                    .addSerializer(Duration.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(DurationText.format(d));
                        }
                    }));

    private ClinicalScenarios() {}

    /** Every {@code *.yaml} of the directory, by file name. */
    public static List<ClinicalScenario> readAll(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<ClinicalScenario> out = new ArrayList<>();
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    out.add(YAML.readValue(f.toFile(), ClinicalScenario.class));
                } catch (IOException e) {
                    throw new IllegalArgumentException("scenario " + f + " is invalid: " + e.getMessage(), e);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + dir, e);
        }
    }

    public static void write(ClinicalScenario s, Path file) throws IOException {
        YAML.writeValue(file.toFile(), s);
    }
}
