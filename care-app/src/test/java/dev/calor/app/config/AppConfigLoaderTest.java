package dev.calor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AppConfigLoaderTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static AppConfig parse(String yaml) throws Exception {
        return AppConfigLoader.parse(YAML.readTree(yaml), Path.of("/etc/calor"), "test.yaml");
    }

    @Test
    void fillsDefaultsAndResolvesPathsAgainstTheFile() throws Exception {
        AppConfig c = parse("database: {url: 'jdbc:postgresql://127.0.0.1:5433/calor?user=calor'}");
        assertThat(c.port()).isEqualTo(AppConfig.DEFAULT_PORT);
        assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.tokenAudience()).contains("calor-mqtt");
        assertThat(c.registryFile()).isEqualTo(Path.of("/etc/calor/data/care-circle.json"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> parse(
                        """
                http: {port: 70000, colour: blue}
                database: {url: 'mysql://x'}
                tokens: {access-ttl: 1h}
                live: {poll-interval: 5s}
                extra: 1
                """));
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "extra: is not a known setting (known: database, email, http, influx, live, metrics, mqtt, registry,"
                                + " tokens)",
                        "http.colour: is not a known setting (known: host, port, public-url)",
                        "http.port: must be in [0, 65535], was 70000",
                        "database.url: must be a jdbc:postgresql:// URL",
                        "tokens.access-ttl: must be between 30s and 15m, was 1h",
                        "live.poll-interval: must be between 100ms and 1s, was 5s");
    }

    @Test
    void readsTheSmtpServerOfInvitationsLikeTheWorkersEmailSection() throws Exception {
        AppConfig c = parse(
                """
                database: {url: 'jdbc:postgresql://127.0.0.1:5433/calor'}
                email: {smtp-host: mail.example.org, from: care@example.org, username: u, password: p}
                metrics: {port: 9999}
                """);
        assertThat(c.email().smtpHost()).isEqualTo("mail.example.org");
        assertThat(c.email().smtpPort()).isEqualTo(587);
        assertThat(c.email().startTls()).isTrue();
        assertThat(c.metrics()).isEqualTo(new AppConfig.Metrics(true, "127.0.0.1", 9999));
        assertThat(parse("database: {url: 'jdbc:postgresql://h/calor'}").email())
                .isNull();
    }

    @Test
    void refusesAnEmailSectionWithoutServerOrSender() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> parse(
                        """
                database: {url: 'jdbc:postgresql://127.0.0.1:5433/calor'}
                email: {from: nobody, starttls: maybe, relay: x}
                metrics: {enabled: 1}
                """));
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "email.relay: is not a known setting (known: from, password, smtp-host, smtp-port, starttls,"
                                + " timeout, username)",
                        "email.smtp-host: is required",
                        "email.from: 'nobody' is not an e-mail address",
                        "email.starttls: must be true or false, was 'maybe'",
                        "metrics.enabled: must be true or false, was '1'");
    }
}
