package dev.calor.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory and CPU time of one Linux process, read from {@code /proc}. CPU time is user plus
 * system time since the process started, in clock ticks of 1/100 s (the Linux USER_HZ).
 *
 * @param component what the process is (broker, worker, bridge)
 * @param pid process id
 * @param rssMiB resident set size now
 * @param peakRssMiB the high-water mark of the resident set
 * @param cpuSeconds user + system CPU seconds so far
 */
public record ProcessFootprint(String component, long pid, double rssMiB, double peakRssMiB, double cpuSeconds) {

    private static final double USER_HZ = 100.0;

    /** Reads the process now; NaN figures when it is gone or {@code /proc} is not there. */
    public static ProcessFootprint of(String component, long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            double rss = Double.NaN;
            double hwm = Double.NaN;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line) / 1024.0;
                }
            }
            return new ProcessFootprint(component, pid, rss, hwm, cpuSeconds(Files.readString(proc.resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return new ProcessFootprint(component, pid, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /** utime + stime of a {@code /proc/PID/stat} line, in seconds. */
    static double cpuSeconds(String stat) {
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / USER_HZ;
    }

    private static long kib(String statusLine) {
        String[] parts = statusLine.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }
}
