package dev.calor.app.config;

import java.util.List;

/** The configuration is invalid; lists every problem found. */
public final class AppConfigException extends RuntimeException {

    private final List<String> problems;

    public AppConfigException(String origin, List<String> problems) {
        super(origin + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
