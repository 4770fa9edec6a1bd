package dev.calor.broker.config;

import dev.calor.config.ConfigFile;
import java.nio.file.Path;

/** Reads the broker's YAML configuration files; every problem is collected and reported at once. */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** The {@code ./calor broker} file: sections {@code broker} and {@code extension}. */
    public static BrokerConfig loadBroker(Path file) {
        return ConfigFile.load(file, root -> BrokerConfig.read(root.section("broker"), root.section("extension")));
    }

    /** The extension's own file ({@code conf/calor-extension.yaml} in the extension folder). */
    public static ExtensionConfig loadExtension(Path file) {
        return ConfigFile.load(file, ExtensionConfig::read);
    }
}
