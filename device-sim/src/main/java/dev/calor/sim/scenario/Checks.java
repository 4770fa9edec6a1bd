package dev.calor.sim.scenario;

import dev.calor.proto.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a scenario section instead of stopping at the first. */
final class Checks {

    private final List<String> problems = new ArrayList<>();

    static Checks of() {
        return new Checks();
    }

    Checks range(String field, Number value, double min, double max) {
        if (value == null) {
            problems.add(field + " is required");
        } else if (!(value.doubleValue() >= min && value.doubleValue() <= max)) {
            problems.add(field + " must be in [" + min + ", " + max + "], is " + value);
        }
        return this;
    }

    Checks atLeastZero(String field, Duration value) {
        if (value == null) {
            problems.add(field + " is required");
        } else if (value.isNegative()) {
            problems.add(field + " must not be negative, is " + DurationText.format(value));
        }
        return this;
    }

    Checks positive(String field, Duration value) {
        if (value == null) {
            problems.add(field + " is required");
        } else if (value.isNegative() || value.isZero()) {
            problems.add(field + " must be positive, is " + DurationText.format(value));
        }
        return this;
    }

    Checks require(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
        return this;
    }

    List<String> list() {
        return problems;
    }
}
