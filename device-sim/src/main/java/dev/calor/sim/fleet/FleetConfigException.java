package dev.calor.sim.fleet;

import java.util.List;

/** A fleet configuration with one or more errors; the message lists every one of them. */
public final class FleetConfigException extends IllegalArgumentException {

    private final List<String> errors;

    public FleetConfigException(List<String> errors) {
        super("invalid fleet configuration:\n  - " + String.join("\n  - ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
