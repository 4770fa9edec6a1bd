package dev.calor.e2e.fault;

import static org.awaitility.Awaitility.await;

import dev.calor.sim.patch.PatchListener;
import dev.calor.sim.patch.ReadingReport;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the fault suites' cases share: a patch's scenario, what it sent, the fault's schedule. */
final class CaseSteps {

    private CaseSteps() {}

    static Scenario scenario(String file, String device) throws IOException, URISyntaxException {
        Path path = Path.of(CaseSteps.class.getClassLoader().getResource(file).toURI());
        return ScenarioLoader.read(path).withDeviceId(device);
    }

    static PatchListener collector(List<ReadingReport> sent) {
        return new PatchListener() {
            @Override
            public void onReading(ReadingReport report) {
                sent.add(report);
            }
        };
    }

    /** Lets the scenario run on for a while (the fault's schedule, not a wait for a result). */
    static void holdFor(Duration duration) {
        if (!duration.isZero()) {
            await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
        }
    }

    static void holdUntil(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        if (!left.isNegative()) {
            holdFor(left);
        }
    }
}
