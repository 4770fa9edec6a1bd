package dev.calor.e2e.clinical;

import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The clinical library's files: device-sim scenario files (YAML), each with its truth. */
public final class ClinicalScenarios {

    private ClinicalScenarios() {}

    /**
     * Every {@code *.yaml} of the directory, by file name.
     *
     * @throws dev.calor.sim.scenario.ScenarioException naming the file and every problem of an invalid one
     */
    public static List<Scenario> readAll(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .map(ScenarioLoader::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + dir, e);
        }
    }

    public static void write(Scenario s, Path file) throws IOException {
        Files.writeString(file, ScenarioLoader.toYaml(s));
    }
}
