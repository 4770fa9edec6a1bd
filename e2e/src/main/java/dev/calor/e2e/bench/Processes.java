package dev.calor.e2e.bench;

import java.util.List;

/** The server processes a baseline measures, found among this JVM's descendants. */
final class Processes {

    private Processes() {}

    /** The one descendant process running {@code command}; -1 when there is none or more than one. */
    static long childNamed(String command) {
        List<ProcessHandle> matches = ProcessHandle.current()
                .descendants()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/" + command)).orElse(false))
                .toList();
        return matches.size() == 1 ? matches.get(0).pid() : -1;
    }

    /** User + system CPU seconds of a process so far, NaN when it is gone. */
    static double cpuSeconds(long pid) {
        return ProcessFootprint.of("process", pid).cpuSeconds();
    }
}
