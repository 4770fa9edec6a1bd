package dev.calor.e2e.demo;

import java.util.Map;

/** How a child process ended, in words: its exit code, or the signal that killed it. */
final class ExitStatus {

    private static final Map<Integer, String> SIGNALS = Map.of(
            1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE", 9, "SIGKILL",
            11, "SIGSEGV", 15, "SIGTERM");

    private ExitStatus() {}

    /**
     * Java reports a process killed by signal N as exit value 128 + N, as the shell does; a JVM that handles
     * SIGTERM or SIGINT itself exits with that same value after its shutdown hooks ran.
     */
    static String describe(int exitValue) {
        if (exitValue > 128 && exitValue < 128 + 32) {
            int signal = exitValue - 128;
            return "killed by signal " + signal + " (" + SIGNALS.getOrDefault(signal, "SIG" + signal) + ")";
        }
        return "exit code " + exitValue;
    }
}
