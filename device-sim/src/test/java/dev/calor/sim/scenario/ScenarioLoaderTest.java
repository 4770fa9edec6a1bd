package dev.calor.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

    @Test
    void loadsEveryShippedScenario() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("scenarios"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "healthy-day.yaml",
                        "fever-night.yaml",
                        "detached-patch.yaml",
                        "flaky-cable.yaml",
                        "demo-fever.yaml");
        for (Path file : files) {
            Scenario s = ScenarioLoader.read(file);
            assertThat(s.problems()).as(file.toString()).isEmpty();
        }
    }

    @Test
    void readsEventsDurationsAndTimes() {
        Scenario s = ScenarioLoader.parse(
                """
                name: t
                seed: 9
                sampleInterval: 2m
                acceleration: 120
                duration: 1h30m
                startTime: "22:15"
                events:
                  - type: fever
                    at: PT20M
                    peakCoreC: 39
                    riseCPerHour: 1
                    plateau: 1h
                    fallCPerHour: 1
                  - type: reboot
                    at: 40m
                    clockLoss: false
                """,
                "inline");
        assertThat(s.sampleInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(s.startTime()).isEqualTo(LocalTime.of(22, 15));
        assertThat(s.realSampleInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.events()).hasSize(2);
        assertThat(s.events().get(0)).isInstanceOf(ScenarioEvent.Fever.class);
        assertThat(((ScenarioEvent.Reboot) s.events().get(1)).losesClock()).isFalse();
        assertThat(s.sensor().siteOffsetC()).isEqualTo(-1.0);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ScenarioLoader.parse(
                        """
                        deviceId: "bad/id"
                        sampleInterval: 10s
                        acceleration: 100
                        link:
                          corruptionRate: 2
                        events:
                          - type: fever
                            at: 1h
                            peakCoreC: 50
                          - type: detach
                            at: 1h
                            duration: 0s
                        """,
                        "inline"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.problems())
                        .hasSize(8)
                        .anyMatch(p -> p.startsWith("deviceId"))
                        .anyMatch(p -> p.contains("one-second resolution"))
                        .anyMatch(p -> p.startsWith("link.corruptionRate"))
                        .anyMatch(p -> p.startsWith("events[0] (fever).peakCoreC"))
                        .anyMatch(p -> p.startsWith("events[0] (fever).riseCPerHour is required"))
                        .anyMatch(p -> p.startsWith("events[1] (detach).duration")));
    }

    @Test
    void refusesUnknownFieldsAndBadDurations() {
        assertThatThrownBy(() -> ScenarioLoader.parse("sampleIntervall: 60s\n", "inline"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("sampleIntervall");
        assertThatThrownBy(() -> ScenarioLoader.parse("duration: soon\n", "inline"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("soon");
    }
}
