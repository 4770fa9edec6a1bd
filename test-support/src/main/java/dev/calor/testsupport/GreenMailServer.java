package dev.calor.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server for tests: the GreenMail standalone jar (from Maven Central; the module's build
 * copies it) run as its own JVM on 127.0.0.1 with a free SMTP port and a free port for its HTTP API, which
 * the test reads received mail through. Any recipient is accepted (authentication disabled).
 */
public final class GreenMailServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GreenMailServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int smtpPort;
    private final int apiPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ServerProcess process;

    private GreenMailServer(Path dir, int smtpPort, int apiPort) {
        this.dir = dir;
        this.smtpPort = smtpPort;
        this.apiPort = apiPort;
        this.process =
                new ServerProcess("GreenMail", dir.resolve("greenmail.log"), START_TIMEOUT, Duration.ofSeconds(10));
    }

    /** @param jar the greenmail-standalone jar */
    public static GreenMailServer start(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("GreenMail standalone jar not found at " + jar + " (the build copies it)");
        }
        GreenMailServer s =
                new GreenMailServer(TempDirs.create("calor-greenmail-"), FreePorts.next(), FreePorts.next());
        try {
            s.launch(jar);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** Messages in a recipient's inbox, as GreenMail's API shows them (subject, mimeMessage, …). */
    public List<JsonNode> inbox(String address) {
        HttpResponse<String> r =
                get("/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX/");
        if (r.statusCode() != 200) {
            return List.of();
        }
        try {
            JsonNode list = JSON.readTree(r.body());
            return java.util.stream.StreamSupport.stream(list.spliterator(), false)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable GreenMail answer: " + r.body(), e);
        }
    }

    @Override
    public void close() {
        try {
            process.stop();
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    private void launch(Path jar) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process.start(
                List.of(
                        java,
                        "-Xmx128m",
                        "-Dgreenmail.hostname=127.0.0.1",
                        "-Dgreenmail.smtp.port=" + smtpPort,
                        "-Dgreenmail.api.hostname=127.0.0.1",
                        "-Dgreenmail.api.port=" + apiPort,
                        "-Dgreenmail.auth.disabled",
                        "-jar",
                        jar.toString()),
                this::ready);
        LOG.info("GreenMail SMTP on 127.0.0.1:{} (API {})", smtpPort, apiPort);
    }

    private boolean ready() {
        try {
            return get("/api/service/readiness").statusCode() == 200;
        } catch (IllegalStateException e) {
            return false; // not listening yet
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail API not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
