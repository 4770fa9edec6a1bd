package dev.calor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    enum Policy {
        DROP_OLDEST,
        REFUSE
    }

    record Sample(
            String name,
            int port,
            long bytes,
            double rate,
            boolean gzip,
            Duration interval,
            Path data,
            Policy policy,
            List<String> protocols,
            List<String> patches,
            Optional<String> password) {}

    private static Sample sample(ConfigNode top) {
        ConfigNode server = top.section("server");
        return new Sample(
                top.required("name").orElse(""),
                server.integer("port", 1883, 1, 65535),
                server.longInteger("bytes", 1L << 40, 1, Long.MAX_VALUE),
                server.decimal("rate", 1.5, 0.001, 1e6),
                server.bool("gzip", true),
                server.duration("interval", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofHours(1)),
                server.path("data", "data/x.db"),
                server.enumValue("policy", Policy.class, Policy.REFUSE),
                server.stringList("protocols", List.of("TLSv1.3")),
                top.list("patches").stream()
                        .map(p -> p.required("id").orElse("?"))
                        .toList(),
                server.secret("password", false));
    }

    @Test
    void readsEveryTypeAndResolvesPathsAgainstTheFilesDirectory() throws Exception {
        Path file = dir.resolve("calor.yaml");
        Files.writeString(dir.resolve("pw.txt"), "s3cret\n");
        Files.writeString(
                file,
                """
                name: edge-1
                server:
                  port: 8883
                  bytes: 1099511627777
                  rate: 2.5
                  gzip: false
                  interval: 1m30s
                  data: state/a.db
                  policy: drop-oldest
                  protocols: TLSv1.2
                  password-file: pw.txt
                patches:
                  - {id: p1}
                  - {id: p2}
                """);

        Sample s = ConfigFile.load(file, ConfigFileTest::sample);

        assertThat(s)
                .isEqualTo(new Sample(
                        "edge-1",
                        8883,
                        1_099_511_627_777L,
                        2.5,
                        false,
                        Duration.ofSeconds(90),
                        dir.resolve("state/a.db"),
                        Policy.DROP_OLDEST,
                        List.of("TLSv1.2"),
                        List.of("p1", "p2"),
                        Optional.of("s3cret")));
    }

    @Test
    void anEmptyFileReadsAsDefaultsAndStillNamesWhatIsRequired() {
        assertThatThrownBy(() -> ConfigFile.parse("", "empty.yaml", dir, ConfigFileTest::sample))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).containsExactly("name: is required"));
    }

    @Test
    void reportsEveryProblemOfTheFileAtOnceWithItsDottedPath() {
        String yaml =
                """
                name: ""
                colour: blue
                server:
                  port: 70000
                  bytes: many
                  rate: 0
                  gzip: "yes"
                  interval: 2h
                  policy: drop-random
                  protocols: [{a: 1}]
                  password: pw
                  password-env: HOME
                  timeot: 5s
                patches:
                  - {id: p1, extra: 1}
                  - plain
                """;
        assertThatThrownBy(() -> ConfigFile.parse(yaml, "bad.yaml", dir, ConfigFileTest::sample))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactlyInAnyOrder(
                                "name: is required",
                                "server.port: must be in [1, 65535], was 70000",
                                "server.bytes: must be a whole number, was 'many'",
                                "server.rate: must be in [0.001, 1000000.0], was 0.0",
                                "server.gzip: must be true or false, was 'yes'",
                                "server.interval: must be between 100ms and 1h, was 2h",
                                "server.policy: must be one of [drop-oldest, refuse], was 'drop-random'",
                                "server.protocols: must be a list of single values",
                                "server: needs exactly one of 'password', 'password-file' or 'password-env'",
                                "patches[1]: must be a mapping",
                                "patches[1].id: is required",
                                "colour: is not a known setting (known: name, patches, server)",
                                "server.timeot: is not a known setting (known: bytes, data, gzip, interval, password,"
                                        + " password-env, password-file, policy, port, protocols, rate)",
                                "patches[0].extra: is not a known setting (known: id)"))
                .hasMessageStartingWith("bad.yaml: 14 configuration problem(s):\n  bad.yaml: ");
    }

    @Test
    void refusesAFileThatIsNotAMappingOrNotYaml() {
        assertThatThrownBy(() -> ConfigFile.parse("- a\n- b\n", "list.yaml", dir, ConfigFileTest::sample))
                .hasMessage("list.yaml: 1 configuration problem(s):\n"
                        + "  list.yaml: the file must contain a YAML mapping at the top level");
        assertThatThrownBy(() -> ConfigFile.parse("a: [", "broken.yaml", dir, ConfigFileTest::sample))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML: "));
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("missing.yaml"), ConfigFileTest::sample))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).singleElement().asString().startsWith("cannot read the file: "));
    }

    @Test
    void aSettingsRecordThatRejectsItsValuesIsReportedWithTheRest() {
        assertThatThrownBy(() -> ConfigFile.parse("a: 1\n", "r.yaml", dir, top -> {
                    top.integer("a", 0, 0, 10);
                    top.problem("b", "is required");
                    throw new IllegalArgumentException("a must not be 1 while b is absent");
                }))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("b: is required", "a must not be 1 while b is absent"));
    }

    @Test
    void readingASectionTwiceDoesNotReportItsKeysTwice() {
        Integer port = ConfigFile.parse("s: {port: 1, host: h}\n", "t.yaml", dir, top -> {
            top.section("s").string("host", "");
            return top.section("s").integer("port", 0, 0, 10);
        });
        assertThat(port).isEqualTo(1);
    }
}
