package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchMainTest {

    @Test
    void fullProfileIsTheHourlyPeakOfTwentyThousandPatches() {
        BenchMain main = new BenchMain();
        new CommandLine(main).parseArgs();

        BenchPlan plan = main.plan();

        assertThat(plan.profile()).isEqualTo("full");
        assertThat(plan.peakDevices()).isEqualTo(20_000);
        assertThat(plan.peakWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plan.backlog()).isEqualTo(60);
        assertThat(plan.mosquittoBaseline()).isTrue();
    }

    @Test
    void scaleOptionsOverrideTheProfile() {
        BenchMain main = new BenchMain();
        new CommandLine(main)
                .parseArgs(
                        "--quick",
                        "--devices",
                        "50",
                        "--rate",
                        "1000",
                        "--duration",
                        "5s",
                        "--peak-devices",
                        "0",
                        "--no-mosquitto",
                        "--output",
                        "csv",
                        "out.csv");

        BenchPlan plan = main.plan();

        assertThat(plan.profile()).isEqualTo("quick");
        assertThat(plan.steadyDevices()).isEqualTo(50);
        assertThat(plan.steadyRate()).isEqualTo(1000);
        assertThat(plan.steadyDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plan.peakDevices()).isZero();
        assertThat(plan.mosquittoBaseline()).isFalse();
        assertThat(main.output).containsExactly("csv", "out.csv");
    }

    @Test
    void invalidPlanListsEveryError() {
        assertThatThrownBy(() -> new BenchPlan(
                        "x", 0, -1, Duration.ZERO, 0, -1, Duration.ZERO, 0, 0, 0, 0, 0, false, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steady devices")
                .hasMessageContaining("steady rate")
                .hasMessageContaining("steady duration")
                .hasMessageContaining("batch size")
                .hasMessageContaining("peak devices")
                .hasMessageContaining("backlog");
    }

    @Test
    void planFileOverridesTheProfileAndOptionsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("plan.yaml"),
                "steadyDevices: 300\npeakDevices: 5000\npeakWindow: 5s\nmosquittoBaseline: false\n");
        BenchMain main = new BenchMain();
        new CommandLine(main).parseArgs("--quick", "--config", file.toString(), "--peak-devices", "100");

        BenchPlan plan = main.plan();

        assertThat(plan.steadyDevices()).isEqualTo(300);
        assertThat(plan.peakWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plan.peakDevices()).isEqualTo(100);
        assertThat(plan.mosquittoBaseline()).isFalse();
        assertThat(plan.latencySamples()).isEqualTo(BenchPlan.quick().latencySamples());
    }

    @Test
    void planFileReportsEveryProblemAtOnce(@TempDir Path dir) throws Exception {
        Path file =
                Files.writeString(dir.resolve("plan.yaml"), "steadyDevices: many\npeakWindow: soon\nmosquito: true\n");

        assertThatThrownBy(() -> BenchPlanFile.read(file, BenchPlan.quick()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steadyDevices must be a whole number")
                .hasMessageContaining("peakWindow: 'soon' is not a duration")
                .hasMessageContaining("unknown key 'mosquito'");
    }

    @Test
    void countQueriesMatchTheDevicePrefixOnly() {
        assertThat(InfluxSchema.countByPrefix("peak-")).endsWith("=~ /^peak\\-/");
        assertThat(InfluxSchema.countOf("probe-000001")).endsWith("= 'probe-000001'");
    }
}
