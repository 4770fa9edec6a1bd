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
    void fullProfileConfirmsForSixtySecondsWithTwoHundredFeversAndPeaksAtTwentyThousandPatches() {
        BenchMain main = new BenchMain();
        new CommandLine(main).parseArgs();

        BenchPlan plan = main.plan();

        assertThat(plan.profile()).isEqualTo("full");
        assertThat(plan.load().confirm()).isEqualTo(Duration.ofSeconds(60));
        assertThat(plan.load().feverPatients()).isGreaterThanOrEqualTo(200);
        assertThat(plan.load().fixedRate()).isZero();
        assertThat(plan.peakDevices()).isEqualTo(20_000);
        assertThat(plan.load().batchSize()).isEqualTo(5);
        assertThat(plan.mosquittoBaseline()).isTrue();
    }

    @Test
    void quickProfileStillPlansTenThousandLatencySamplesAndTwoHundredAlerts() {
        LoadPlan quick = BenchPlan.quick().load();

        double rate = quick.search().startRate();
        double batchesAtTheLowestRate = rate
                / quick.batchSize()
                * EndToEndPhase.confirmDuration(quick, rate).toSeconds();

        assertThat(batchesAtTheLowestRate).isGreaterThanOrEqualTo(10_000);
        assertThat(quick.feverPatients()).isGreaterThanOrEqualTo(200);
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
        assertThat(plan.load().patches()).isEqualTo(50);
        assertThat(plan.load().fixedRate()).isEqualTo(1000);
        assertThat(plan.load().confirm()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plan.peakDevices()).isZero();
        assertThat(plan.mosquittoBaseline()).isFalse();
        assertThat(main.output).containsExactly("csv", "out.csv");
    }

    @Test
    void invalidPlanListsEveryError() {
        assertThatThrownBy(() -> new BenchPlan("x", LoadPlan.quick(), -1, 0, -1, false, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("peak devices")
                .hasMessageContaining("backlog")
                .hasMessageContaining("raw points")
                .hasMessageContaining("settle timeout");
        assertThatThrownBy(() ->
                        LoadPlan.quick().toBuilder().patches(0).fixedRate(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patches");
    }

    @Test
    void planFileOverridesTheProfileAndOptionsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("plan.yaml"),
                "loadPatches: 300\nfixedRate: 800\npeakDevices: 5000\npatchReadingInterval: 1s\n"
                        + "mosquittoBaseline: false\n");
        BenchMain main = new BenchMain();
        new CommandLine(main).parseArgs("--quick", "--config", file.toString(), "--peak-devices", "100");

        BenchPlan plan = main.plan();

        assertThat(plan.load().patches()).isEqualTo(300);
        assertThat(plan.load().fixedRate()).isEqualTo(800);
        assertThat(plan.load().batchSize()).isEqualTo(10);
        assertThat(plan.peakDevices()).isEqualTo(100);
        assertThat(plan.mosquittoBaseline()).isFalse();
        assertThat(plan.load().confirm()).isEqualTo(BenchPlan.quick().load().confirm());
    }

    @Test
    void planFileReportsEveryProblemAtOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("plan.yaml"), "loadPatches: many\npatchReadingInterval: soon\nmosquito: true\n");

        assertThatThrownBy(() -> BenchPlanFile.read(file, BenchPlan.quick()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loadPatches must be a whole number")
                .hasMessageContaining("patchReadingInterval: 'soon' is not a duration")
                .hasMessageContaining("unknown key 'mosquito'");
    }

    @Test
    void countQueriesMatchTheDevicePrefixOnly() {
        assertThat(InfluxSchema.countByPrefix("peak-")).endsWith("=~ /^peak\\-/");
        assertThat(InfluxSchema.countOf("probe-000001")).endsWith("= 'probe-000001'");
    }
}
