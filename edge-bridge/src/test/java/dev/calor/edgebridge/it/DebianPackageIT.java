package dev.calor.edgebridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package the build made ({@code target/calor-bridge_*.deb}, jdeb at package): its files, its
 * control data, a systemd unit that {@code systemd-analyze verify} accepts (where systemd-analyze exists), and
 * a bridge command that runs from the packaged jars.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DebianPackageIT {

    private static Path deb;

    @TempDir
    static Path root;

    @BeforeAll
    static void findPackage() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            deb = files.filter(p -> p.getFileName().toString().matches("calor-bridge_.*_all\\.deb"))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no target/calor-bridge_*_all.deb: the package phase makes it"));
        }
        assumeTrue(onPath("dpkg-deb"), "dpkg-deb is needed to look into the package");
        assertThat(run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()))
                        .exit())
                .isZero();
    }

    record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    @Test
    void installsTheCommandTheUnitTheConfigAndTheDataDirectory() throws Exception {
        String contents = run(List.of("dpkg-deb", "-c", deb.toString())).output();
        assertThat(contents)
                .contains("./usr/bin/calor-bridge")
                .contains("./usr/share/calor-bridge/bin/calor-bridge-service")
                .contains("./lib/systemd/system/calor-bridge.service")
                .contains("./etc/calor/bridge.yaml")
                .contains("./etc/default/calor-bridge")
                .contains("./var/lib/calor/bridge/")
                .containsPattern("\\./usr/share/calor-bridge/lib/calor-edge-bridge-.*\\.jar")
                .containsPattern("\\./usr/share/calor-bridge/lib/sqlite-jdbc-.*\\.jar");
        assertThat(Files.isExecutable(root.resolve("usr/bin/calor-bridge"))).isTrue();
    }

    @Test
    void declaresItsDependenciesConffilesAndMaintainerScripts() throws Exception {
        Result info = run(List.of("dpkg-deb", "-I", deb.toString()));
        assertThat(info.output())
                .contains("Package: calor-bridge")
                .contains("Architecture: all")
                .contains("Depends: default-jre-headless")
                .contains("postinst")
                .contains("postrm");
        Result conffiles = run(List.of("dpkg-deb", "-I", deb.toString(), "conffiles"));
        assertThat(conffiles.output()).contains("/etc/calor/bridge.yaml").contains("/etc/default/calor-bridge");
        Result postinst = run(List.of("dpkg-deb", "-I", deb.toString(), "postinst"));
        assertThat(postinst.output()).contains("adduser --system --group").contains("calor-bridge");
    }

    @Test
    void shipsAUnitThatSystemdAcceptsWithRestartAndWatchdog() throws Exception {
        Path unit = root.resolve("lib/systemd/system/calor-bridge.service");
        String text = Files.readString(unit);
        assertThat(text).contains("Restart=on-failure").contains("WatchdogSec=").contains("User=calor-bridge");
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze not installed");
        // verify resolves ExecStart binaries inside --root (the extracted package); the targets and slices the
        // unit depends on by default come from this machine's systemd
        Path units = root.resolve("lib/systemd/system");
        try (Stream<Path> host = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path u : host.filter(p ->
                            p.toString().endsWith(".target") || p.toString().endsWith(".slice"))
                    .toList()) {
                Path copy = units.resolve(u.getFileName().toString());
                if (!Files.exists(copy) && Files.isRegularFile(u)) {
                    Files.copy(u, copy);
                }
            }
        }
        Result verify =
                run(List.of("systemd-analyze", "verify", "--root=" + root, "/lib/systemd/system/calor-bridge.service"));
        assertThat(verify.output()).as("systemd-analyze verify").doesNotContain("calor-bridge.service:");
        assertThat(verify.exit()).as(verify.output()).isZero();
    }

    @Test
    void thePackagedJarsRunTheBridgeCommand() throws Exception {
        Path lib = root.resolve("usr/share/calor-bridge/lib");
        Result help = run(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                lib + "/*",
                "dev.calor.edgebridge.BridgeMain",
                "buffer",
                "--help"));
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("status").contains("requeue").contains("export");
    }
}
