package dev.calor.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.e2e.pipeline.LocalPipeline;
import dev.calor.e2e.pipeline.PipelineFiles;
import dev.calor.proto.CareCircleFiles;
import dev.calor.testsupport.InfluxHttp;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PtyPair;
import dev.calor.worker.carecircle.CareCircle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline under test, started by {@link LocalPipeline} as the demo starts it (influxd, the broker with the
 * Calor extension, the ingest worker, each its own process), with {@link PipelineFiles#forLoadTest} files: every
 * device of every phase may connect, and every patch of the end-to-end phase is worn by a patient the benchmark's
 * caregiver cares for, so the alert engine runs on the measured path. {@link #close()} stops everything and deletes the folder.
 */
final class BenchPipeline implements Pipeline, AutoCloseable {

    static final String DATABASE = "calor";
    /** Every device, the worker and the caregiver share it: one keyed hash per device is written in milliseconds. */
    static final String SECRET = "bench-secret";
    /** Shrinks the fever windows to 2 s (the worker's floor), so an episode becomes due within a load step. */
    static final double ACCELERATION = 300;

    private static final Logger LOG = LoggerFactory.getLogger(BenchPipeline.class);

    private final Path dir;
    private final LocalPipeline local;
    private JavaProcess bridge;
    private boolean keep;

    private BenchPipeline(Path dir, LocalPipeline local) {
        this.dir = dir;
        this.local = local;
    }

    static BenchPipeline start(BenchPlan plan) {
        Path dir;
        try {
            dir = Files.createTempDirectory("calor-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            PipelineFiles files =
                    PipelineFiles.forLoadTest(dir, DATABASE, ACCELERATION, SECRET, BenchDevices.endToEnd(plan));
            return new BenchPipeline(dir, LocalPipeline.start(files, null));
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /**
     * Starts the demo's edge bridge with its simulated serial patch on a real pty (the simulator a process of its
     * own), so the bridge's footprint is measured while it carries readings during the run.
     */
    void startBridge() {
        Path ptyDir = dir.resolve("pty");
        try {
            Files.createDirectories(ptyDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PtyPair pty = local.own(PtyPair.open(ptyDir));
        bridge = local.startBridge(pty.bridgeSide());
        local.startJava(
                "sim",
                LocalPipeline.SIM_MAIN,
                List.of(
                        "--serial",
                        pty.patchSide().toString(),
                        "--device-id",
                        PipelineFiles.DEVICE,
                        "--acceleration",
                        "60"));
    }

    InfluxHttp influx() {
        return local.influx();
    }

    /** The care circle the worker runs with, read through the worker's own reader from its configured file. */
    CareCircle careCircle() {
        try {
            JsonNode worker = new ObjectMapper(new YAMLFactory())
                    .readTree(dir.resolve("worker.yaml").toFile());
            Path file = Path.of(worker.path("care-circle-file").asText());
            return CareCircle.of(CareCircleFiles.read(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The devices among {@code deviceIds} whose readings would not reach the alert engine with someone to tell:
     * no assignment now, or a patient without a caregiver channel. Empty means alerting is on the path.
     */
    List<String> offAlertPath(List<String> deviceIds) {
        CareCircle circle = careCircle();
        long now = System.currentTimeMillis() * 1_000_000L;
        List<String> off = new ArrayList<>();
        for (String id : deviceIds) {
            boolean on = circle.assignmentAt(id, now)
                    .flatMap(a -> circle.patient(a.patientId()))
                    .filter(p -> !circle.channelsOf(p.patientId()).isEmpty())
                    .isPresent();
            if (!on) {
                off.add(id);
            }
        }
        return off;
    }

    String caregiver() {
        return PipelineFiles.CAREGIVER;
    }

    @Override
    public String brokerHost() {
        return "127.0.0.1";
    }

    @Override
    public int brokerPort() {
        return local.brokerPort();
    }

    @Override
    public String passwordTemplate() {
        return SECRET;
    }

    @Override
    public long storedReadings(String devicePrefix) {
        return influx().count(DATABASE, InfluxSchema.countByPrefix(devicePrefix));
    }

    @Override
    public long storedReadingsOf(String deviceId) {
        return influx().count(DATABASE, InfluxSchema.countOf(deviceId));
    }

    /**
     * CPU seconds the pipeline's servers have used so far: broker, worker and influxd (not the bridge, the load
     * generator or the observer); NaN when one of them is not found.
     */
    ServerCpu serverCpu() {
        long influxd = Processes.childNamed("influxd");
        if (influxd < 0) {
            return ServerCpu.UNKNOWN;
        }
        return new ServerCpu(
                Processes.cpuSeconds(local.broker().pid()),
                Processes.cpuSeconds(local.worker().pid()),
                Processes.cpuSeconds(influxd));
    }

    @Override
    public List<ProcessFootprint> footprints() {
        List<ProcessFootprint> list = new ArrayList<>();
        list.add(ProcessFootprint.of("broker", local.broker().pid()));
        list.add(ProcessFootprint.of("worker", local.worker().pid()));
        if (bridge != null && bridge.isAlive()) {
            list.add(ProcessFootprint.of("bridge", bridge.pid()));
        }
        return list;
    }

    /** Keeps the folder (configs and every process's log) when closed, for a run that went wrong. */
    void keepFiles() {
        keep = true;
    }

    @Override
    public void close() {
        try {
            local.close();
        } catch (RuntimeException e) {
            LOG.warn("could not stop every process of the pipeline", e);
        }
        if (keep) {
            LOG.warn("the pipeline's configs and logs are kept in {}", dir);
        } else {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}
