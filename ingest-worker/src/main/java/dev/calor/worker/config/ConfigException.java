package dev.calor.worker.config;

import java.util.List;

/** The configuration is invalid; lists every problem found. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String origin, List<String> problems) {
        super(origin + " has " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
