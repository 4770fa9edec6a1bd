package dev.calor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.testsupport.DbusDaemon;
import dev.calor.testsupport.PtyPair;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end, in-process: each mode starts, prints readings and stops at --duration. */
@Timeout(60)
class SimMainIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new SimMain(new PrintWriter(out, true), new PrintWriter(err, true))).execute(args);
    }

    @Test
    void serialModePrintsOneLinePerReadingAndRecordsTheFrames() throws Exception {
        Path record = dir.resolve("frames.txt");
        try (PtyPair pty = PtyPair.open(dir)) {
            int exit = run(
                    "--scenario", "scenarios/demo-fever.yaml",
                    "--serial", pty.patchSide().toString(),
                    "--device-id", "patch-0042",
                    "--duration", "3500ms",
                    "--record", record.toString());
            assertThat(exit).as(err.toString()).isZero();
        }
        assertThat(out.toString()
                        .lines()
                        .filter(l -> l.matches("patch-0042 seq=\\d+ \\d+\\.\\d\\d °C \\(skin\\) acked=0")))
                .hasSizeBetween(3, 5);
        assertThat(Files.readAllLines(record)).anyMatch(l -> l.contains(" tx ")).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void bleModeServesThePatchOnTheGivenBus() {
        try (DbusDaemon bus = DbusDaemon.start(dir)) {
            int exit = run(
                    "--scenario", "scenarios/demo-fever.yaml",
                    "--ble", bus.address(),
                    "--duration", "3500ms");
            assertThat(exit).as(err.toString()).isZero();
        }
        assertThat(out.toString()).contains("BLE patch patch-0001");
        assertThat(out.toString().lines().filter(l -> l.startsWith("patch-0001 seq=")))
                .hasSizeBetween(3, 5);
    }
}
