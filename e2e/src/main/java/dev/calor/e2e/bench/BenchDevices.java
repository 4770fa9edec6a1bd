package dev.calor.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Every device id a run uses, by phase, so the broker's credentials know them all from the start; the end-to-end
 * phase's are each worn by their own patient whom the benchmark's caregiver cares for.
 */
final class BenchDevices {

    static final String LOAD = "load-";
    static final String FEVER = "fever-";
    /** Matches the patches of the end-to-end phase in InfluxQL. */
    static final String LOAD_REGEX = "^(load|fever)-";

    private BenchDevices() {}

    static String id(String prefix, int index) {
        return prefix + String.format("%06d", index);
    }

    static List<String> load(LoadPlan plan) {
        return IntStream.rangeClosed(1, plan.patches())
                .mapToObj(i -> id(LOAD, i))
                .toList();
    }

    /** The fever patches of confirmation {@code attempt} (1-based): fresh patients, so each starts healthy. */
    static List<String> fever(LoadPlan plan, int attempt) {
        return IntStream.rangeClosed(1, plan.feverPatients())
                .mapToObj(i -> id(FEVER + attempt + "-", i))
                .toList();
    }

    /** The end-to-end phase's patches: every one worn by its own patient. */
    static List<String> endToEnd(BenchPlan plan) {
        List<String> ids = new ArrayList<>(load(plan.load()));
        for (int a = 1; a <= plan.load().confirmAttempts(); a++) {
            ids.addAll(fever(plan.load(), a));
        }
        return ids;
    }
}
