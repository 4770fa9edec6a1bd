package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.testsupport.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./calor bridge} as a process: help, and a configuration it must refuse. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeMainIT {

    private static final String MAIN = "dev.calor.edgebridge.BridgeMain";

    @TempDir
    Path dir;

    @Test
    void refusesToStartWithAWrongConfigListingEveryProblemAndExitsWithTwo() throws IOException {
        Path config = Files.writeString(
                dir.resolve("bad.yaml"),
                """
                bridge-id: ward 3
                buffer:
                  file: buffer.db
                  overflow-policy: sometimes
                broker:
                  host: 127.0.0.1
                  port: 0
                publish:
                  jitter: a little
                patches:
                  - device-id: patch-0001
                    serial: {port: /dev/ttyACM0}
                """);
        try (JavaProcess bridge =
                JavaProcess.start(MAIN, List.of("--config", config.toString()), Map.of(), dir.resolve("bad.log"))) {
            assertThat(bridge.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(bridge.log())
                    .contains("refusing to start")
                    .contains("5 configuration problem(s)")
                    .contains("bridge-id: must be 1..64 characters")
                    .contains(
                            "buffer.overflow-policy: must be one of [drop-oldest, drop-newest, refuse], was 'sometimes'")
                    .contains("broker.port: must be in [1, 65535], was 0")
                    .contains("publish.jitter: must be a duration")
                    .contains("patches[0]: needs exactly one of 'password', 'password-file' or 'password-env'");
        }
        assertThat(dir.resolve("buffer.db")).doesNotExist();
    }

    @Test
    void printsHelpAndExitsWithZero() {
        try (JavaProcess bridge = JavaProcess.start(MAIN, List.of("--help"), Map.of(), dir.resolve("help.log"))) {
            assertThat(bridge.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(bridge.log())
                    .contains("--config=FILE")
                    .contains("--check")
                    .contains("Exit codes");
        }
    }

    @Test
    void checkValidatesTheShippedExampleWithoutStarting() {
        Path example = Path.of("config/bridge.example.yaml").toAbsolutePath();
        try (JavaProcess bridge = JavaProcess.start(
                MAIN, List.of("--config", example.toString(), "--check"), Map.of(), dir.resolve("check.log"))) {
            assertThat(bridge.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(bridge.log()).contains("configuration OK: bridge ward3-bed12, 2 patches");
        }
    }
}
