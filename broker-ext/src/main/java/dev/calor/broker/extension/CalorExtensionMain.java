package dev.calor.broker.extension;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import dev.calor.broker.config.ConfigLoader;
import dev.calor.broker.config.ExtensionConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ's entry point. Installed into a standalone HiveMQ it reads {@code conf/calor-extension.yaml}
 * from its extension folder; embedded, it is given its configuration.
 */
public final class CalorExtensionMain implements ExtensionMain {

    public static final String CONFIG_FILE = "conf/calor-extension.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(CalorExtensionMain.class);

    private final ExtensionConfig given;
    private final CompletableFuture<CalorExtension> started = new CompletableFuture<>();
    private CalorExtension extension;

    /** Used by HiveMQ when the extension is installed from its folder. */
    public CalorExtensionMain() {
        this(null);
    }

    public CalorExtensionMain(ExtensionConfig config) {
        this.given = config;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        try {
            ExtensionConfig config = given != null
                    ? given
                    : ConfigLoader.loadExtension(input.getExtensionInformation()
                            .getExtensionHomeFolder()
                            .toPath()
                            .resolve(CONFIG_FILE));
            CalorExtension ext = new CalorExtension(config);
            ext.load();
            ext.register();
            extension = ext;
            started.complete(ext);
            LOG.info("Calor extension started");
        } catch (RuntimeException e) {
            LOG.error("Calor extension cannot start: {}", e.getMessage());
            started.completeExceptionally(e);
            if (extension != null) {
                extension.stop();
            }
            output.preventExtensionStartup("Calor extension cannot start: " + e.getMessage());
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        if (extension != null) {
            extension.stop();
            LOG.info("Calor extension stopped");
        }
    }

    /** Completes when the extension started, exceptionally when it refused to. */
    public CompletableFuture<CalorExtension> started() {
        return started;
    }

    static Path configFile(Path extensionHome) {
        return extensionHome.resolve(CONFIG_FILE);
    }
}
