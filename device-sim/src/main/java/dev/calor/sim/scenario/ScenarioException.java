package dev.calor.sim.scenario;

import java.util.List;

/** A scenario file that cannot be used; {@link #problems()} lists every problem found, not just the first. */
public final class ScenarioException extends RuntimeException {

    private final List<String> problems;

    public ScenarioException(String origin, List<String> problems) {
        super("scenario " + origin + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
