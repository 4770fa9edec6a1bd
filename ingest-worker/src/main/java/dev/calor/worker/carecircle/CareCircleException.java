package dev.calor.worker.carecircle;

import java.util.List;

/** The care-circle file is unreadable or invalid; carries every problem found, not just the first. */
public final class CareCircleException extends RuntimeException {

    private final List<String> problems;

    public CareCircleException(String origin, List<String> problems) {
        super("care-circle file " + origin + " has " + problems.size() + " problem(s):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
