package dev.calor.sim;

import dev.calor.proto.DurationText;
import dev.calor.sim.ble.BlePatchRunner;
import dev.calor.sim.fleet.DurationConverter;
import dev.calor.sim.fleet.FleetOptions;
import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.record.FrameRecorder;
import dev.calor.sim.record.FrameReplayer;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioException;
import dev.calor.sim.scenario.ScenarioLoader;
import dev.calor.sim.serial.SerialPatchRunner;
import dev.calor.sim.serial.SerialReplay;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code calor sim}: one simulated patch on a serial path (or BLE), or a fleet straight on MQTT. */
@Command(
        name = "calor sim",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Simulated body-temperature patches.",
            "  serial: --serial PATH  pty or serial device, Calor frame contract",
            "  BLE:    --ble BUS      fake BlueZ peripheral on that D-Bus address",
            "  fleet:  --fleet N      N patches straight on MQTT (--fleet-* options)"
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the scenario ran to its end and every reading was acknowledged, or --duration passed",
            "1:the scenario ended with readings the bridge never acknowledged",
            "2:invalid options or scenario"
        })
public final class SimMain implements Callable<Integer> {

    @Option(
            names = {"--scenario", "--config"},
            paramLabel = "FILE",
            description = "Scenario file (YAML), see device-sim/scenarios/. Default: a healthy patient, every default.")
    Path scenarioFile;

    @Option(names = "--serial", paramLabel = "PATH", description = "Serial device or pty link the patch writes to.")
    Path serial;

    @Option(
            names = "--ble",
            paramLabel = "BUS_ADDRESS",
            description = "Expose the patch as a fake BlueZ peripheral on this D-Bus address (unix:path=...).")
    String bleBus;

    @Option(
            names = "--ble-address",
            paramLabel = "XX:XX:XX:XX:XX:XX",
            defaultValue = BlePatchRunner.DEFAULT_ADDRESS,
            description = "BLE address of the simulated patch (default: ${DEFAULT-VALUE}).")
    String bleAddress;

    @Option(names = "--device-id", paramLabel = "ID", description = "Overrides the scenario's device id.")
    String deviceId;

    @Option(
            names = "--acceleration",
            paramLabel = "X",
            description = "Overrides the scenario's acceleration: scenario seconds per wall-clock second.")
    Double acceleration;

    @Option(names = "--seed", paramLabel = "N", description = "Overrides the scenario's seed.")
    Long seed;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this much wall time (e.g. 120s), even if the scenario is not over.")
    Duration duration;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            description = "Write every chunk sent (tx) and received (rx) as hex with a UTC time, for replay.")
    Path record;

    @Option(
            names = "--replay",
            paramLabel = "FILE",
            description =
                    "Write the tx chunks of a --record file to --serial PATH with their original timing, then exit.")
    Path replay;

    @Mixin
    FleetOptions fleet;

    private final PrintWriter out;
    private final PrintWriter err;

    public SimMain() {
        this(
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }

    SimMain(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "calor-sim-logback.xml");
        }
        System.exit(new CommandLine(new SimMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (fleet.enabled()) {
            return fleet.run(out, err);
        }
        if (replay != null) {
            return replay();
        }
        Scenario scenario;
        try {
            scenario = loadScenario();
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (bleBus != null && serial != null) {
            err.println("--serial and --ble are exclusive: one patch speaks one transport");
            return 2;
        }
        if (bleBus != null) {
            return runBle(scenario);
        }
        if (serial == null) {
            err.println("one of --serial PATH, --ble BUS_ADDRESS or --fleet N is required (see --help)");
            return 2;
        }
        return runSerial(scenario);
    }

    Scenario loadScenario() {
        Scenario s = scenarioFile == null ? Scenario.defaults() : ScenarioLoader.readUnchecked(scenarioFile);
        if (deviceId != null) {
            s = s.withDeviceId(deviceId);
        }
        if (acceleration != null) {
            s = s.withAcceleration(acceleration);
        }
        if (seed != null) {
            s = s.withSeed(seed);
        }
        List<String> problems = new java.util.ArrayList<>(s.problems());
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            problems.add("--duration must be positive");
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(scenarioFile == null ? "(defaults)" : scenarioFile.toString(), problems);
        }
        return s;
    }

    private int runSerial(Scenario scenario) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        FrameRecorder recorder = record == null ? null : new FrameRecorder(record, clock);
        SerialPatchRunner runner = new SerialPatchRunner(scenario, serial, clock, printer(), recorder);
        Thread hook = new Thread(runner::close, "sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        runner.start();
        boolean durationReached = awaitDone(runner.done(), scenario);
        int unacknowledged;
        try {
            unacknowledged = runner.inspect(f -> f.unacknowledged());
        } catch (IllegalStateException | java.util.concurrent.RejectedExecutionException stopped) {
            return 0; // stopped by a signal: the shutdown hook closed the patch
        }
        runner.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
        out.println(scenario.deviceId() + ": " + runner.counters() + ", unacknowledged=" + unacknowledged);
        return unacknowledged == 0 || durationReached ? 0 : 1;
    }

    private int replay() throws InterruptedException {
        if (serial == null) {
            err.println("--replay needs --serial PATH");
            return 2;
        }
        List<FrameReplayer.Chunk> chunks;
        try {
            chunks = FrameReplayer.read(replay);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }
        return SerialReplay.run(chunks, serial, out, err);
    }

    private int runBle(Scenario scenario) throws InterruptedException {
        BlePatchRunner runner = new BlePatchRunner(scenario, bleBus, bleAddress, Clock.systemUTC(), printer());
        Thread hook = new Thread(runner::close, "sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        runner.start();
        boolean durationReached = awaitDone(runner.done(), scenario);
        int unacknowledged = runner.patch() == null ? 0 : runner.patch().storedCount();
        runner.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
        out.println(scenario.deviceId() + ": BLE patch stopped, unacknowledged=" + unacknowledged);
        return unacknowledged == 0 || durationReached ? 0 : 1;
    }

    /** Waits for the runner or for --duration; true when --duration ended the run. */
    private boolean awaitDone(java.util.concurrent.CompletableFuture<Void> done, Scenario scenario)
            throws InterruptedException {
        try {
            if (duration == null) {
                done.get();
            } else {
                done.get(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            return false;
        } catch (TimeoutException e) {
            out.println(scenario.deviceId() + ": --duration " + DurationText.format(duration) + " reached");
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private PatchListener printer() {
        return new PatchListener() {
            @Override
            public void onReading(ReadingReport report) {
                out.println(report.line());
            }

            @Override
            public void onEvent(String event) {
                out.println("  " + event);
            }
        };
    }
}
