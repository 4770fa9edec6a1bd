package dev.calor.e2e.bench;

import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.TempDirs;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The pipeline of the peak and the storm: influxd, the broker and the worker started by {@link
 * LocalPipeline} with production broker settings (file persistence, the default connect limits of 2 000/s
 * broker-wide and 100/s per source address, device secrets verified by their keyed hash, the default
 * refusal delay), every patch a device of the credentials file and worn by a patient of the care circle;
 * and the {@link HeldFleet} of those patches. {@link #close()} stops all of it.
 */
final class HeldPipeline implements AutoCloseable {

    static final String PREFIX = "held-";
    private static final String DATABASE = "calor_held";
    /** A machine-generated secret's length: 32 characters, as {@code users add --generate} would hand out. */
    private static final String SECRET = "held-fleet-secret-0123456789abcdef";

    private final Path dir;
    private final LocalPipeline pipeline;
    private final HeldFleet fleet;

    private HeldPipeline(Path dir, LocalPipeline pipeline, HeldFleet fleet) {
        this.dir = dir;
        this.pipeline = pipeline;
        this.fleet = fleet;
    }

    /** Starts the pipeline for {@code patches} patches; none is connected yet. */
    static HeldPipeline start(int patches, String influxUrl) {
        Path dir = TempDirs.create("calor-held-");
        List<String> ids = IntStream.rangeClosed(1, patches)
                .mapToObj(i -> PREFIX + String.format("%06d", i))
                .toList();
        LocalPipeline pipeline = LocalPipeline.start(new PipelineFiles(dir, DATABASE, 1, SECRET, ids), influxUrl);
        try {
            HeldFleet fleet = new HeldFleet("127.0.0.1", pipeline.brokerPort(), ids, id -> SECRET);
            return new HeldPipeline(dir, pipeline, fleet);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    HeldFleet fleet() {
        return fleet;
    }

    long storedReadings() {
        return pipeline.influx().count(DATABASE, InfluxSchema.countByPrefix(PREFIX));
    }

    ProcessFootprint brokerFootprint() {
        return ProcessFootprint.of("broker", pipeline.broker().pid());
    }

    JavaProcess restartBroker() {
        return pipeline.restartBroker();
    }

    @Override
    public void close() {
        try {
            fleet.close();
        } finally {
            pipeline.close();
            TempDirs.deleteRecursively(dir);
        }
    }
}
