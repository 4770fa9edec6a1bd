package dev.calor.sim.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reads scenario files (YAML; JSON is YAML too) and refuses any with a problem, listing all of them. */
public final class ScenarioLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(new SimpleModule("calor-scenario")
                    .addDeserializer(Duration.class, new DurationDeserializer())
                    .addDeserializer(LocalTime.class, new LocalTimeDeserializer()));

    private static final ObjectMapper WRITER = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID))
            .registerModule(new SimpleModule("calor-scenario-writer")
                    .addSerializer(Duration.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(DurationText.format(d));
                        }
                    })
                    .addSerializer(LocalTime.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(LocalTime t, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(t.toString());
                        }
                    }));

    private ScenarioLoader() {}

    /** The scenario as a file would hold it (every field explicit), readable by {@link #parse}. */
    public static String toYaml(Scenario scenario) {
        try {
            return WRITER.writeValueAsString(scenario);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write scenario " + scenario.name(), e);
        }
    }

    /** @throws ScenarioException listing every problem, or the one that made the file unreadable */
    public static Scenario read(Path file) {
        return validate(readUnchecked(file), file.toString());
    }

    /**
     * Reads without checking values, for callers that apply overrides first and then {@link #validate}.
     *
     * @throws ScenarioException when the file cannot be read or parsed
     */
    public static Scenario readUnchecked(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
        return parseUnchecked(text, file.toString());
    }

    public static Scenario parse(String yaml, String origin) {
        return validate(parseUnchecked(yaml, origin), origin);
    }

    private static Scenario parseUnchecked(String yaml, String origin) {
        Scenario scenario;
        try {
            scenario = MAPPER.readValue(yaml, Scenario.class);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(origin, List.of(e.getOriginalMessage() + locationOf(e)));
        }
        if (scenario == null) {
            throw new ScenarioException(origin, List.of("the file is empty"));
        }
        return scenario;
    }

    /** @throws ScenarioException when the scenario has any problem */
    public static Scenario validate(Scenario scenario, String origin) {
        List<String> problems = scenario.problems();
        if (!problems.isEmpty()) {
            throw new ScenarioException(origin, problems);
        }
        return scenario;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            try {
                return DurationText.parse(text == null ? p.getText() : text);
            } catch (IllegalArgumentException e) {
                return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
            }
        }
    }

    private static final class LocalTimeDeserializer extends JsonDeserializer<LocalTime> {
        @Override
        public LocalTime deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            try {
                return LocalTime.parse(p.getValueAsString());
            } catch (DateTimeParseException | NullPointerException e) {
                return (LocalTime)
                        ctx.handleWeirdStringValue(LocalTime.class, p.getText(), "expected HH:mm, e.g. 22:00");
            }
        }
    }
}
