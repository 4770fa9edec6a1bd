package dev.calor.edgebridge.config;

import java.util.List;

/** The configuration is not usable; {@link #problems()} lists every problem found, not just the first. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String origin, List<String> problems) {
        super(origin + ": " + problems.size() + " configuration problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
