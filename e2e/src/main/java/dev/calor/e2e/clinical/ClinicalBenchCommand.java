package dev.calor.e2e.clinical;

import dev.calor.sim.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./calor bench --clinical}: the scenario library through the worker's real alert engine in
 * accelerated time, scored against each scenario's truth. Exit code 1 when a target is missed
 * (sensitivity ≥ 0.98, ≤ 0.05 false episodes per patient-day, exactly one RAISED per true episode,
 * median delay ≤ sustain + 2 min).
 */
@Command(
        name = "calor bench --clinical",
        mixinStandardHelpOptions = true,
        description = "Runs the clinical scenario library through the real alert engine and prints sensitivity,"
                + " false episodes per patient-day, RAISED per true episode and delays from the true onset.")
public final class ClinicalBenchCommand implements Callable<Integer> {

    static final Duration DEFAULT_SUSTAIN = Duration.ofMinutes(10);

    @Option(
            names = "--scenarios",
            paramLabel = "DIR",
            description = "Directory of scenario files (default: ${DEFAULT-VALUE}).")
    Path scenarios = Path.of("e2e", "clinical-scenarios");

    @Option(names = "--output", paramLabel = "json", description = "Print one JSON object instead of the table.")
    String output;

    @Option(names = "--reduced", description = "Every third scenario only (the run inside ./calor test).")
    boolean reduced;

    @Override
    public Integer call() {
        List<Scenario> all = ClinicalScenarios.readAll(scenarios);
        List<Scenario> chosen = reduced
                ? IntStream.range(0, all.size())
                        .filter(i -> i % 3 == 0)
                        .mapToObj(all::get)
                        .toList()
                : all;
        ClinicalScore.Result r = ClinicalScore.score(chosen);
        if ("json".equals(output)) {
            System.out.println(r.json());
        } else if (output != null) {
            System.err.println("--output must be json");
            return 2;
        } else {
            System.out.print(r.table());
            r.misses().forEach(m -> System.out.println("  " + m));
        }
        List<String> failed = r.failedTargets(DEFAULT_SUSTAIN);
        failed.forEach(f -> System.err.println("target missed: " + f));
        return failed.isEmpty() ? 0 : 1;
    }
}
