package dev.calor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChromiumBrowserIT {

    private static final String PAGE =
            """
            <!doctype html><meta name="viewport" content="width=device-width"><title>fixture</title>
            <p id="out">waiting</p>
            <script type="module">
              setTimeout(() => { document.getElementById('out').textContent = 'script ran ' + innerWidth; }, 100);
            </script>
            """;

    @Test
    void runsAPageScriptInAPhoneSizedWindowSavesAPngAndLeavesNoProcessOrProfile(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path profile;
        try (ChromiumBrowser browser = ChromiumBrowser.start()) {
            profile = browser.profileDir();
            browser.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .until(ExpectedConditions.textToBe(By.id("out"), "script ran " + ChromiumBrowser.PHONE.getWidth()));

            Path png = browser.screenshot(dir.resolve("shots/page.png"));
            assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        } finally {
            server.stop(0);
        }
        assertThat(profile).doesNotExist();
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(profile.toString())))
                .isEmpty();
    }
}
