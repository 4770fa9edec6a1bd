package dev.calor.e2e.fault;

import dev.calor.e2e.pipeline.BridgeHost;
import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PtyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One serial patch's side of a case: its own pty pair and its own edge bridge process. */
final class SerialRig implements AutoCloseable {

    private final BridgeHost pipeline;
    private final String name;
    private final Path config;
    private final PtyPair pty;
    private JavaProcess bridge;
    private int starts;

    private SerialRig(BridgeHost pipeline, String name, Path config, PtyPair pty) {
        this.pipeline = pipeline;
        this.name = name;
        this.config = config;
        this.pty = pty;
    }

    /** A pty pair under {@code dir/name} and a bridge for {@code device} on it, publishing to {@code mqttPort}. */
    static SerialRig open(BridgeHost pipeline, Path dir, String name, String device, int mqttPort) {
        try {
            PtyPair pty = pipeline.own(PtyPair.open(Files.createDirectories(dir.resolve(name))));
            Path config = pipeline.files().serialBridge(name, device, mqttPort, pty.bridgeSide(), FreePorts.next());
            SerialRig rig = new SerialRig(pipeline, name, config, pty);
            rig.startBridge();
            return rig;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PtyPair pty() {
        return pty;
    }

    JavaProcess bridge() {
        return bridge;
    }

    /** Starts the bridge again with the same config and durable buffer (after it was killed). */
    void restartBridge() {
        if (bridge.isAlive()) {
            throw new IllegalStateException("bridge " + name + " still running");
        }
        startBridge();
    }

    private void startBridge() {
        starts++;
        bridge = pipeline.startBridge(starts == 1 ? name : name + "-" + starts, config);
    }

    @Override
    public void close() {
        bridge.stop();
        pty.close();
    }
}
