package dev.calor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FixturesIT {

    @Test
    void influxServerWritesQueriesSurvivesRestartAndCleansUp() {
        Path dataDir;
        try (InfluxServer influx = InfluxServer.start()) {
            dataDir = influx.dataDir();
            influx.createDatabase("t");
            influx.write(
                    "t", "m,device_id=a v=1 1000000000\nm,device_id=a v=2 2000000000\nm,device_id=a v=2 2000000000");
            assertThat(influx.count("t", "SELECT COUNT(v) FROM m")).isEqualTo(2);
            influx.restart();
            assertThat(influx.rows("t", "SELECT v FROM m GROUP BY device_id"))
                    .extracting(r -> r.get("v"), r -> r.get("device_id"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1, "a"), org.assertj.core.groups.Tuple.tuple(2, "a"));
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void ptyPairCarriesBytesBothWaysAndUnplugRemovesTheLinks(@TempDir Path dir) throws Exception {
        try (PtyPair pty = PtyPair.open(dir)) {
            try (OutputStream patch = Files.newOutputStream(pty.patchSide());
                    InputStream bridge = Files.newInputStream(pty.bridgeSide())) {
                patch.write(new byte[] {1, 0, 2});
                patch.flush();
                assertThat(bridge.readNBytes(3)).containsExactly(1, 0, 2);
            }
            pty.unplug();
            assertThat(pty.bridgeSide()).doesNotExist();
            pty.replug();
            assertThat(pty.bridgeSide()).exists();
        }
    }

    @Test
    void dbusDaemonListensOnAPrivateUnixSocket(@TempDir Path dir) {
        try (DbusDaemon bus = DbusDaemon.start(dir)) {
            assertThat(bus.address()).startsWith("unix:path=" + dir.resolve("system_bus_socket"));
            assertThat(dir.resolve("system_bus_socket")).exists();
        }
    }

    @Test
    void javaProcessCanBeKilledWithSignalNine(@TempDir Path dir) {
        try (JavaProcess sleeper = JavaProcess.start(
                Sleeper.class.getName(), java.util.List.of(), java.util.Map.of(), dir.resolve("out.log"))) {
            org.awaitility.Awaitility.await().until(() -> sleeper.log().contains("ready"));
            sleeper.kill9();
            assertThat(sleeper.isAlive()).isFalse();
            assertThat(sleeper.exitValue()).isEqualTo(137);
        }
    }

    /** A child JVM that waits to be killed. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
