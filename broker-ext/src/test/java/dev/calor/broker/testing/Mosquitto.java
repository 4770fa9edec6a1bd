package dev.calor.broker.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's mosquitto_pub / mosquitto_sub against the broker and captures what they print. */
public final class Mosquitto {

    /** What a client process printed and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {}

    private Mosquitto() {}

    /** mosquitto_pub QoS 1 of a file's bytes; {@code version} is mqttv5 or mqttv311. */
    public static Run pub(int port, String version, String user, String password, String topic, Path payloadFile) {
        List<String> cmd = base("mosquitto_pub", port, version, user, password);
        cmd.addAll(List.of("-q", "1", "-t", topic, "-f", payloadFile.toString()));
        return run(cmd, 20);
    }

    /** mosquitto_pub of several messages on one connection (one per line of stdin). */
    public static Run pubLines(int port, String version, String user, String password, String topic, String lines) {
        List<String> cmd = base("mosquitto_pub", port, version, user, password);
        cmd.addAll(List.of("-q", "1", "-t", topic, "-l"));
        return run(cmd, 20, lines);
    }

    /** mosquitto_sub waiting for {@code count} messages at most {@code seconds}; prints topic and payload. */
    public static Run sub(
            int port, String version, String user, String password, String filter, int count, int seconds) {
        List<String> cmd = base("mosquitto_sub", port, version, user, password);
        cmd.addAll(List.of("-t", filter, "-C", Integer.toString(count), "-W", Integer.toString(seconds), "-v"));
        return run(cmd, seconds + 10);
    }

    private static List<String> base(String tool, int port, String version, String user, String password) {
        List<String> cmd =
                new ArrayList<>(List.of(tool, "-h", "127.0.0.1", "-p", Integer.toString(port), "-V", version));
        // a client id the identity owns: {user}/{suffix} (ClientIdRule); the broker refuses empty ones
        cmd.addAll(List.of("-i", (user == null ? "anonymous" : user) + "/mosq-" + Long.toHexString(System.nanoTime())));
        if (user != null) {
            cmd.addAll(List.of("-u", user));
        }
        if (password != null) {
            cmd.addAll(List.of("-P", password));
        }
        return cmd;
    }

    private static Run run(List<String> cmd, int timeoutSeconds) {
        return run(cmd, timeoutSeconds, null);
    }

    private static Run run(List<String> cmd, int timeoutSeconds, String stdin) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(cmd.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Run(
                    p.exitValue(),
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (Debian package mosquitto-clients)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
