package dev.calor.e2e.pipeline;

import dev.calor.testsupport.JavaProcess;
import java.nio.file.Path;

/** A running pipeline that edge bridges can be started against (one broker, or HAProxy in front of several). */
public interface BridgeHost {

    PipelineFiles files();

    /** Registers something to close with the pipeline. */
    <T extends AutoCloseable> T own(T resource);

    /** Starts an edge bridge process {@code name} with a config written by {@link PipelineFiles}. */
    JavaProcess startBridge(String name, Path config);
}
