package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the end-to-end phase loads the pipeline: open-loop, constant-rate steps from a pool of patches, a search
 * for the highest sustainable rate, its confirmation with fever episodes under load, and a step at half of it.
 *
 * @param patches patches of the load pool (each on its own connection), besides the fever patches
 * @param shape what one publish carries (readings per publish, as the edge bridge batches)
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
        LoadShape shape,
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
        if (patches < 1 || shape == null) {
            errors.add("patches must be >= 1 and the load shape set: " + patches + ", " + shape);
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

    /** Readings per published batch: {@link LoadShape#readingsPerPublish()}. */
    public int batchSize() {
        return shape.readingsPerPublish();
    }

    /**
     * 15 s steps from 2 000 readings/s up by 1.4, two bisections, 60 s confirmation with 250 fevers, 500 patches. A
     * pool large enough that each patch reads every 2 s at the rates searched (thousands) would leave the fever
     * patches a publish every half minute at low rates, too few readings for an episode to fall due within a step.
     */
    static LoadPlan full() {
        return new Builder()
                .patches(500)
                .search(new Search(2_000, 1.4, 9, Duration.ofSeconds(15), 2))
                .confirm(Duration.ofSeconds(60))
                .confirmAttempts(3)
                .feverPatients(250)
                .halfRate(Duration.ofSeconds(30))
                .warmUp(Duration.ofSeconds(10))
                .drain(Duration.ofSeconds(30))
                .build();
    }

    /**
     * A short, bounded search (three 5 s steps from 1 000 readings/s, doubling, one bisection) and a 20 s
     * confirmation with 220 fevers: enough samples to check the method, not a sustainable rate to publish.
     */
    static LoadPlan quick() {
        return new Builder()
                .patches(100)
                .search(new Search(1_000, 2, 3, Duration.ofSeconds(5), 1))
                .confirm(Duration.ofSeconds(20))
                .confirmAttempts(1)
                .feverPatients(220)
                .halfRate(Duration.ofSeconds(8))
                .warmUp(Duration.ofSeconds(3))
                .drain(Duration.ofSeconds(20))
                .build();
    }

    /** A builder holding this plan's values, to change some of them. */
    Builder toBuilder() {
        return new Builder()
                .patches(patches)
                .shape(shape)
                .search(search)
                .fixedRate(fixedRate)
                .confirm(confirm)
                .confirmAttempts(confirmAttempts)
                .feverPatients(feverPatients)
                .halfRate(halfRate)
                .warmUp(warmUp)
                .pollPeriod(pollPeriod)
                .drain(drain);
    }

    /** Builds a plan; unset values take the defaults below. {@link #build()} checks them all at once. */
    static final class Builder {
        /** The queryable watch's default period: one InfluxDB query for every patch this often. */
        static final Duration DEFAULT_POLL_PERIOD = Duration.ofMillis(100);

        private int patches = 100;
        private LoadShape shape = LoadShape.bridgeDefaults(LoadShape.BENCH_PATCH_READING_INTERVAL);
        private Search search = new Search(1_000, 2, 3, Duration.ofSeconds(5), 1);
        private double fixedRate;
        private Duration confirm = Duration.ofSeconds(60);
        private int confirmAttempts = 1;
        private int feverPatients;
        private Duration halfRate = Duration.ofSeconds(30);
        private Duration warmUp = Duration.ZERO;
        private Duration pollPeriod = DEFAULT_POLL_PERIOD;
        private Duration drain = Duration.ofSeconds(30);

        Builder patches(int n) {
            this.patches = n;
            return this;
        }

        Builder shape(LoadShape s) {
            this.shape = s;
            return this;
        }

        Builder search(Search s) {
            this.search = s;
            return this;
        }

        Builder fixedRate(double rate) {
            this.fixedRate = rate;
            return this;
        }

        Builder confirm(Duration d) {
            this.confirm = d;
            return this;
        }

        Builder confirmAttempts(int n) {
            this.confirmAttempts = n;
            return this;
        }

        Builder feverPatients(int n) {
            this.feverPatients = n;
            return this;
        }

        Builder halfRate(Duration d) {
            this.halfRate = d;
            return this;
        }

        Builder warmUp(Duration d) {
            this.warmUp = d;
            return this;
        }

        Builder pollPeriod(Duration d) {
            this.pollPeriod = d;
            return this;
        }

        Builder drain(Duration d) {
            this.drain = d;
            return this;
        }

        LoadPlan build() {
            return new LoadPlan(
                    patches,
                    shape,
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
    }
}
