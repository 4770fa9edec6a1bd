package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the end-to-end phase loads the pipeline: open-loop, constant-rate steps from a pool of patches, a search
 * for the highest sustainable rate, its confirmation with fever episodes under load, and a step at half of it.
 *
 * @param patches patches of the load pool (each on its own connection), besides the fever patches
 * @param batchSize readings per published batch
 * @param search the ramp of short steps that brackets the sustainable rate
 * @param fixedRate readings/s to confirm without searching; 0 searches
 * @param confirm length of the confirmation step (the 60 s in the full profile)
 * @param confirmAttempts confirmations tried, each at 0.8 of the rate of the one before, until one holds
 * @param feverPatients patches per confirmation step that go into fever at planned times
 * @param halfRate length of the step at half the sustainable rate
 * @param warmUp unmeasured load before the search, so the JIT of broker and worker has settled
 * @param pollPeriod how often the queryable watch queries InfluxDB (the latency's resolution)
 * @param drain how long a step waits after its last send for the last reading to become queryable
 */
public record LoadPlan(
        int patches,
        int batchSize,
        Search search,
        double fixedRate,
        Duration confirm,
        int confirmAttempts,
        int feverPatients,
        Duration halfRate,
        Duration warmUp,
        Duration pollPeriod,
        Duration drain) {

    /**
     * Steps of {@code step} from {@code startRate}, each {@code factor} times the last, until one is not
     * sustainable or {@code maxSteps} ran; then {@code bisections} steps halve the gap between the last rate that
     * held and the first that did not (geometric mean).
     */
    public record Search(double startRate, double factor, int maxSteps, Duration step, int bisections) {}

    public LoadPlan {
        List<String> errors = new ArrayList<>();
        if (patches < 1 || batchSize < 1) {
            errors.add("patches and batch size must be >= 1: " + patches + ", " + batchSize);
        }
        if (!(search.startRate() > 0) || !(search.factor() > 1) || search.maxSteps() < 1 || search.bisections() < 0) {
            errors.add("search needs a start rate > 0, a factor > 1, >= 1 step and >= 0 bisections: " + search);
        }
        if (!(fixedRate >= 0)) {
            errors.add("fixed rate must be >= 0 (0 searches): " + fixedRate);
        }
        for (Duration d : List.of(search.step(), confirm, halfRate, pollPeriod, drain)) {
            if (d.isNegative() || d.isZero()) {
                errors.add("step, confirmation, half-rate, poll and drain durations must be > 0: " + d);
            }
        }
        if (warmUp.isNegative()) {
            errors.add("warm-up must be >= 0: " + warmUp);
        }
        if (confirmAttempts < 1 || feverPatients < 0) {
            errors.add("confirmation attempts must be >= 1 and fever patients >= 0");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid load plan:\n  - " + String.join("\n  - ", errors));
        }
    }

    /** 15 s steps from 2 000 readings/s up by 1.4, two bisections, 60 s confirmation with 250 fevers. */
    static LoadPlan full() {
        return new LoadPlan(
                500,
                5,
                new Search(2_000, 1.4, 9, Duration.ofSeconds(15), 2),
                0,
                Duration.ofSeconds(60),
                3,
                250,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                Duration.ofSeconds(30));
    }

    /**
     * A short, bounded search (three 5 s steps from 500 readings/s, doubling, one bisection) and a 20 s
     * confirmation with 220 fevers: enough samples to check the method, not a sustainable rate to publish.
     */
    static LoadPlan quick() {
        return new LoadPlan(
                100,
                1,
                new Search(500, 2, 3, Duration.ofSeconds(5), 1),
                0,
                Duration.ofSeconds(20),
                1,
                220,
                Duration.ofSeconds(8),
                Duration.ofSeconds(3),
                Duration.ofMillis(100),
                Duration.ofSeconds(20));
    }

    LoadPlan withPatches(int n) {
        return new LoadPlan(
                n,
                batchSize,
                search,
                fixedRate,
                confirm,
                confirmAttempts,
                feverPatients,
                halfRate,
                warmUp,
                pollPeriod,
                drain);
    }

    LoadPlan withFixedRate(double rate) {
        return new LoadPlan(
                patches,
                batchSize,
                search,
                rate,
                confirm,
                confirmAttempts,
                feverPatients,
                halfRate,
                warmUp,
                pollPeriod,
                drain);
    }

    LoadPlan withConfirm(Duration d) {
        return new LoadPlan(
                patches,
                batchSize,
                search,
                fixedRate,
                d,
                confirmAttempts,
                feverPatients,
                halfRate,
                warmUp,
                pollPeriod,
                drain);
    }

    LoadPlan withBatchSize(int n) {
        return new LoadPlan(
                patches,
                n,
                search,
                fixedRate,
                confirm,
                confirmAttempts,
                feverPatients,
                halfRate,
                warmUp,
                pollPeriod,
                drain);
    }

    LoadPlan withFeverPatients(int n) {
        return new LoadPlan(
                patches,
                batchSize,
                search,
                fixedRate,
                confirm,
                confirmAttempts,
                n,
                halfRate,
                warmUp,
                pollPeriod,
                drain);
    }
}
