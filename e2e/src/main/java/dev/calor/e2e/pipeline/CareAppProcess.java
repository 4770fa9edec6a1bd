package dev.calor.e2e.pipeline;

import dev.calor.testsupport.FreePorts;
import dev.calor.testsupport.JavaProcess;
import dev.calor.testsupport.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caregiver app of a {@link LocalPipeline}: its own PostgreSQL, the pipeline's care circle imported into
 * it, the app process (which from then on exports the registry to the very file broker and worker read), and a
 * sign-in for the pipeline's caregiver made the way a family member gets one, through an invitation.
 */
public final class CareAppProcess {

    public static final String APP_MAIN = "dev.calor.app.AppMain";
    public static final String EMAIL = PipelineFiles.CAREGIVER + "@calor.demo";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern CODE = Pattern.compile("code (\\S+)");

    private final String url;
    private final String password;

    private CareAppProcess(String url, String password) {
        this.url = url;
        this.password = password;
    }

    /** The web app's address. */
    public String url() {
        return url;
    }

    /** The caregiver's password (the pipeline's secret). */
    public String password() {
        return password;
    }

    /** Starts PostgreSQL and the app as parts of {@code pipeline} (stopped with it). */
    public static CareAppProcess start(LocalPipeline pipeline) {
        PipelineFiles files = pipeline.files();
        PostgresServer postgres = pipeline.own(PostgresServer.start());
        int port = FreePorts.next();
        int metricsPort = FreePorts.next();
        Path config = write(
                files.dir().resolve("app.yaml"),
                """
                http: {host: 127.0.0.1, port: %d}
                database: {url: "%s"}
                registry: {export-file: %s}
                tokens: {jwks-file: %s}
                influx: {url: "%s", database: %s}
                mqtt: {host: 127.0.0.1, port: %d}
                metrics: {port: %d}
                """
                        .formatted(
                                port,
                                postgres.newDatabase(),
                                files.dir().resolve("care-circle.json"),
                                files.dir().resolve("jwks.json"),
                                pipeline.influx().url(),
                                files.database(),
                                pipeline.brokerPort(),
                                metricsPort));
        List<String> withConfig = List.of("--config", config.toString());
        run(
                pipeline,
                "app-import",
                concat(
                        withConfig,
                        "import",
                        files.dir().resolve("care-circle.json").toString()));
        String invitation = run(
                pipeline,
                "app-invite",
                concat(withConfig, "invite", "--patient", PipelineFiles.PATIENT, "--role", "owner", "--email", EMAIL));
        Matcher code = CODE.matcher(invitation);
        if (!code.find()) {
            throw new IllegalStateException("the app printed no invitation code:\n" + invitation);
        }
        JavaProcess app = pipeline.startJava("app", APP_MAIN, withConfig);
        LocalPipeline.awaitPort(app, port);
        pipeline.addScrapeTarget("calor-app", metricsPort);
        String url = "http://127.0.0.1:" + port;
        accept(url, code.group(1), files.secret());
        return new CareAppProcess(url, files.secret());
    }

    /** Runs a one-shot app command to its end (not one of the pipeline's servers); returns its output. */
    private static String run(LocalPipeline pipeline, String name, List<String> args) {
        try (JavaProcess command = JavaProcess.start(
                List.of(
                        "-Xmx256m",
                        "-Dlogback.configurationFile=" + pipeline.files().logback()),
                APP_MAIN,
                args,
                java.util.Map.of(),
                pipeline.logOf(name))) {
            int exit = command.waitFor(STEP_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException(
                        "app " + args.get(2) + " failed (" + exit + "):\n" + LocalPipeline.tail(command.log(), 20));
            }
            return command.log();
        }
    }

    private static void accept(String url, String code, String password) {
        String body = "{\"displayName\": \"Emma\", \"email\": \"%s\", \"password\": \"%s\"}".formatted(EMAIL, password);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/api/v1/invitations/" + code + "/accept"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("the caregiver's invitation was not accepted: " + response.statusCode()
                        + " " + response.body());
            }
            // the demo runs no SMTP server: the caregiver is told in the app (and over MQTT), not by e-mail
            String login = post(
                    url + "/api/v1/auth/login",
                    null,
                    "{\"email\": \"%s\", \"password\": \"%s\"}".formatted(EMAIL, password));
            String token = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(login)
                    .path("accessToken")
                    .asText();
            HttpResponse<String> settings = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/api/v1/me/notifications"))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + token)
                                    .PUT(HttpRequest.BodyPublishers.ofString(
                                            "{\"quietHours\": null, \"channels\": [{\"kind\": \"app\"}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (settings.statusCode() != 200) {
                throw new IllegalStateException("the caregiver's notification settings were not saved: "
                        + settings.statusCode() + " " + settings.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the app did not answer at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String post(String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail))
                .toList();
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
