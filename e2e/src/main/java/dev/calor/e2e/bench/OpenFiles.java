package dev.calor.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The open-files limit this JVM runs under (children inherit it: the broker, the worker), read from {@code
 * /proc/self/limits}, and how many MQTT connections fit in it. Each connection is one descriptor in the
 * broker and one in the fleet; both processes also hold their jars, logs and, for the broker, its file
 * persistence.
 *
 * @param soft the soft limit now (a JVM raises it to the hard limit at start)
 * @param hard the hard limit; only root with CAP_SYS_RESOURCE may raise it ({@code ./calor bench} tries)
 */
record OpenFiles(long soft, long hard) {

    /**
     * Descriptors a broker with file persistence uses besides its connections: ≈1 400 measured (its 169 jars,
     * ≈1 100 RocksDB files of HiveMQ's persistence, logs), and room for sockets still closing.
     */
    static final int RESERVE = 2_000;

    static OpenFiles ofThisProcess() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return new OpenFiles(parse(f[0]), parse(f[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no known limit
        }
        return new OpenFiles(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private static long parse(String value) {
        return "unlimited".equals(value) ? Long.MAX_VALUE : Long.parseLong(value);
    }

    /** {@code planned} connections, or fewer when the limit leaves no room for them plus {@link #RESERVE}. */
    int connectionsFor(int planned) {
        long room = Math.min(soft, hard) - RESERVE;
        return (int) Math.max(0, Math.min(planned, room));
    }
}
