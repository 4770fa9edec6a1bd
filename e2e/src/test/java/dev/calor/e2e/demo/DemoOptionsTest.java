package dev.calor.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoOptionsTest {

    private static DemoOptions options(String influxUrl, boolean observe, boolean cluster) {
        return new DemoOptions(
                Duration.ofMinutes(2),
                influxUrl,
                "calor",
                Path.of("s.yaml"),
                60,
                Path.of("run"),
                Path.of("r.yml"),
                observe,
                cluster);
    }

    @Test
    void clusterRunStartsItsOwnInfluxdAndHasNoObserverYet() {
        assertThat(options(null, false, true).cluster()).isTrue();
        assertThatThrownBy(() -> options("http://127.0.0.1:8086", false, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--influx-url is not supported");
        assertThatThrownBy(() -> options(null, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--observe is not supported with --cluster");
        assertThat(options("http://127.0.0.1:8086", true, false).observe()).isTrue();
    }

    @Test
    void clusterFlagIsParsedAndRefusedCombinationsExitWithUsageStatus() {
        DemoMain main = new DemoMain();
        new CommandLine(main).parseArgs("--cluster", "--duration", "90s");
        assertThat(main.cluster).isTrue();
        assertThat(main.duration).isEqualTo(Duration.ofSeconds(90));

        int status = new CommandLine(new DemoMain()).execute("--cluster", "--influx-url", "http://127.0.0.1:1");
        assertThat(status).isEqualTo(2);
    }
}
