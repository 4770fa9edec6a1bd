package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.calor.edgebridge.Bridge;
import dev.calor.edgebridge.buffer.BufferException;
import dev.calor.edgebridge.buffer.BufferSettings;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.http.HealthServer;
import dev.calor.edgebridge.testing.BridgeConfigs;
import dev.calor.proto.v1.Reading;
import dev.calor.testsupport.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffer on a real, small file system (a 2 MiB tmpfs, mounted by the test; root only, skipped
 * otherwise): low free space and failing writes make the bridge not ready and show in its metrics; once
 * space returns it is ready again and nothing it acknowledged is gone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiskFullIT {

    @TempDir
    Path dir;

    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectories(dir.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true)
                .start();
        mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "needs root to mount a size-limited tmpfs");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Reading reading(int sequence) {
        return Reading.newBuilder()
                .setBootEpoch(1)
                .setSequence(sequence)
                .setTemperatureCelsius(36.5)
                .setSampleTimeUnixNs(System.currentTimeMillis() * 1_000_000L + sequence)
                .build();
    }

    /** Writes until the file system is full; returns the filler. */
    private Path fill() throws IOException {
        Path filler = mount.resolve("filler");
        byte[] block = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            return filler;
        }
    }

    @Test
    void aFullDiskMakesTheBridgeNotReadyCountsTheFailedWritesAndRecoversWhenSpaceReturns() throws IOException {
        BridgeConfig base = BridgeConfigs.config(
                mount.resolve("buffer.db"),
                FreePorts.next(), // nobody listens: the readings stay buffered
                BridgeConfigs.fastPublish(10, 1),
                List.of(BridgeConfigs.serialPatch("patch-0401", dir.resolve("no-port"))));
        BufferSettings buffer = base.buffer().withMinFreeBytes(256 * 1024);
        BridgeConfig config = new BridgeConfig(
                base.bridgeId(), buffer, base.broker(), base.publish(), base.intake(), base.http(), base.patches());
        try (Bridge bridge = Bridge.start(config, Clock.systemUTC())) {
            bridge.buffer().append("patch-0401", reading(1));
            assertThat(bridge.metrics().value("calor_bridge_buffer_writable")).isEqualTo(1);

            Path filler = fill();
            HealthServer.Health lowSpace = bridge.health();
            assertThat(lowSpace.httpStatus()).isEqualTo(503);
            assertThat(lowSpace.json()).contains("\"status\":\"NOT_READY\"").contains("bytes free");

            // SQLite needs new pages for a batch this size: the write fails on the full file system
            List<Reading> many = java.util.stream.IntStream.rangeClosed(2, 2_000)
                    .mapToObj(DiskFullIT::reading)
                    .toList();
            assertThatThrownBy(() -> bridge.buffer().appendAll("patch-0401", many))
                    .isInstanceOf(BufferException.class);
            assertThat(bridge.metrics().value("calor_bridge_buffer_write_failures_total"))
                    .isEqualTo(1);
            assertThat(bridge.metrics().value("calor_bridge_buffer_writable")).isZero();
            assertThat(bridge.health().json()).contains("last write failed");
            assertThat(bridge.buffer().depth("patch-0401"))
                    .as("the failed batch stored nothing")
                    .isEqualTo(1);

            Files.delete(filler);
            bridge.buffer().appendAll("patch-0401", many);
            assertThat(bridge.metrics().value("calor_bridge_buffer_writable")).isEqualTo(1);
            assertThat(bridge.health().json()).contains("\"writable\":true");
            assertThat(bridge.buffer().depth("patch-0401")).isEqualTo(2_000);
        }
    }
}
