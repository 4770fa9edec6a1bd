package dev.calor.edgebridge.testing;

import dev.calor.testsupport.TempDirs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker with the real extension and one {@link IngestRecorder} on its ingest topics, shared by
 * the tests of a class and stopped after the last of them, even when one failed:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RecordedBroker broker = new RecordedBroker(List.of("patch-0101", "patch-0102"));
 * </pre>
 */
public final class RecordedBroker implements BeforeAllCallback, AfterAllCallback {

    private final List<String> devices;
    private Path dir;
    private BrokerFixture broker;
    private IngestRecorder recorder;

    public RecordedBroker(List<String> devices) {
        this.devices = List.copyOf(devices);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        dir = TempDirs.create("calor-bridge-broker");
        broker = BrokerFixture.start(dir, devices);
        recorder = new IngestRecorder(broker.port(), devices);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (recorder != null) {
                recorder.close();
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                TempDirs.deleteRecursively(dir);
            }
        }
    }

    /** The broker's MQTT port on 127.0.0.1. */
    public int port() {
        return broker.port();
    }

    /** What the extension forwarded to the ingest topics. */
    public IngestRecorder recorder() {
        return recorder;
    }
}
