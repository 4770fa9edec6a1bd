package dev.calor.config;

import java.util.List;

/**
 * A configuration that must not be started. {@link #problems()} lists every problem found, each as
 * {@code <dotted.path>: <problem>}; the message prefixes each with the file it came from.
 */
public final class ConfigException extends RuntimeException {

    private final String origin;
    private final List<String> problems;

    public ConfigException(String origin, List<String> problems) {
        super(message(origin, problems));
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String origin, String problem) {
        this(origin, List.of(problem));
    }

    /** The file (or other source) the problems are in. */
    public String origin() {
        return origin;
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String origin, List<String> problems) {
        StringBuilder s = new StringBuilder()
                .append(origin)
                .append(": ")
                .append(problems.size())
                .append(" configuration problem(s):");
        problems.forEach(p -> s.append("\n  ").append(origin).append(": ").append(p));
        return s.toString();
    }
}
