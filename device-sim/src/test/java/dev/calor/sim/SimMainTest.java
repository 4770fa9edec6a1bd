package dev.calor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        SimMain main = new SimMain(new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandLine(main)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void helpListsEveryMode() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--scenario", "--serial", "--ble", "--fleet", "--record", "--acceleration");
    }

    @Test
    void refusesToStartWithoutATransport() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("--serial PATH");
    }

    @Test
    void reportsEveryScenarioProblemAndTheOverridesBeforeStarting() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "sampleInterval: 0s\nbattery:\n  startPercent: 120\n");
        assertThat(run(
                        "--scenario",
                        file.toString(),
                        "--serial",
                        dir.resolve("none").toString(),
                        "--device-id",
                        "a/b"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("sampleInterval", "battery.startPercent", "deviceId 'a/b'");
    }

    @Test
    void commandLineOverridesTheScenario() {
        SimMain main = new SimMain(new PrintWriter(out), new PrintWriter(err));
        new CommandLine(main)
                .parseArgs(
                        "--scenario",
                        "scenarios/demo-fever.yaml",
                        "--device-id",
                        "patch-0042",
                        "--acceleration",
                        "30",
                        "--seed",
                        "99");
        var s = main.loadScenario();
        assertThat(s.deviceId()).isEqualTo("patch-0042");
        assertThat(s.acceleration()).isEqualTo(30.0);
        assertThat(s.seed()).isEqualTo(99L);
    }
}
