package dev.calor.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private D-Bus message bus ({@code dbus-daemon} from Debian's {@code dbus}) listening on a unix socket
 * in a temporary directory, with a permissive policy: it stands in for the system bus, so a fake BlueZ can
 * own {@code org.bluez} on it and production code reaches it through {@code DBUS_SYSTEM_BUS_ADDRESS}.
 */
public final class DbusDaemon implements AutoCloseable {

    private final Process process;
    private final String address;

    private DbusDaemon(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    public static DbusDaemon start(Path dir) {
        Path socket = dir.resolve("system_bus_socket");
        Path config = dir.resolve("bus.conf");
        String xml =
                """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>calor-test</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow user="*"/>
                    <allow own="*"/>
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow receive_sender="*"/>
                    <allow eavesdrop="true"/>
                  </policy>
                </busconfig>
                """
                        .formatted(socket);
        try {
            Files.writeString(config, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = ChildProcesses.start(
                List.of("dbus-daemon", "--config-file=" + config, "--nofork", "--nopidfile", "--print-address=1"),
                null,
                null);
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("unix:")) {
                ChildProcesses.kill(process);
                throw new IllegalStateException("dbus-daemon did not print its address: " + line);
            }
            return new DbusDaemon(process, line.trim());
        } catch (IOException e) {
            ChildProcesses.kill(process);
            throw new UncheckedIOException(e);
        }
    }

    /** The bus address, e.g. {@code unix:path=/tmp/…/system_bus_socket,guid=…}. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
    }
}
