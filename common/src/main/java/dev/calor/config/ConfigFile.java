package dev.calor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one YAML configuration file with a module's reader and refuses it as a whole: every problem the
 * reader noted, every key nobody read, and every value a settings record rejected are reported together
 * in one {@link ConfigException}. Relative paths in the file resolve against the file's directory.
 */
public final class ConfigFile {

    /** Room for a credentials file of 100 000+ users; SnakeYAML's default refuses files above 3 MiB. */
    private static final int MAX_FILE_CODE_POINTS = 64 * 1024 * 1024;

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private ConfigFile() {}

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
        return options;
    }

    public static <T> T load(Path file, Function<ConfigNode, T> reader) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read the file: " + e);
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent(), reader);
    }

    public static <T> T parse(String yaml, String origin, Path baseDir, Function<ConfigNode, T> reader) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(origin, "not valid YAML: " + e.getMessage());
        }
        return read(root, origin, baseDir, reader);
    }

    /** Reads an already parsed tree; an empty document reads as an empty mapping. */
    public static <T> T read(JsonNode root, String origin, Path baseDir, Function<ConfigNode, T> reader) {
        if (root != null && !root.isNull() && !root.isMissingNode() && !root.isObject()) {
            throw new ConfigException(origin, "the file must contain a YAML mapping at the top level");
        }
        List<String> problems = new ArrayList<>();
        ConfigNode top = ConfigNode.root(root, baseDir, problems);
        T result = null;
        try {
            result = reader.apply(top);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        top.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(origin, problems);
        }
        return result;
    }
}
