package dev.calor.broker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads YAML configuration files; every problem is collected and reported at once. */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {}

    /** The {@code ./calor broker} file: sections {@code broker} and {@code extension}. */
    public static BrokerConfig loadBroker(Path file) {
        return load(file, root -> BrokerConfig.read(root.section("broker"), root.section("extension")));
    }

    /** The extension's own file ({@code conf/calor-extension.yaml} in the extension folder). */
    public static ExtensionConfig loadExtension(Path file) {
        return load(file, ExtensionConfig::read);
    }

    private static <T> T load(Path file, Function<ConfigNode, T> reader) {
        List<String> errors = new ArrayList<>();
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": " + e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        ConfigNode root = ConfigNode.root(tree, base, errors);
        T result;
        try {
            result = reader.apply(root);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            result = null;
        }
        root.rejectUnknownKeys();
        if (!errors.isEmpty()) {
            throw new ConfigException(
                    errors.stream().map(e -> file.getFileName() + ": " + e).toList());
        }
        return result;
    }
}
