package dev.calor.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real headless browser for web tests: Debian's {@code chromium} driven through its {@code chromedriver}
 * (override the paths with {@code $CHROMIUM} and {@code $CHROMEDRIVER}), with a fresh profile in a temporary
 * directory and a phone-sized window. Nothing is downloaded: both binaries come from the machine, so Selenium
 * Manager is never consulted. {@link #close()} quits the browser, stops the driver and deletes the profile,
 * also after a failed test.
 *
 * <p>Modules using it declare {@code org.seleniumhq.selenium:selenium-java} themselves (it is optional here so
 * that the other fixtures' users do not carry Selenium).
 */
public final class ChromiumBrowser implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChromiumBrowser.class);

    /** A phone in portrait (CSS pixels): the web app is designed for this size first. */
    public static final Dimension PHONE = new Dimension(412, 915);

    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private ChromiumBrowser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts a headless Chromium with a phone-sized viewport. */
    public static ChromiumBrowser start() {
        return start(PHONE);
    }

    /** Starts a headless Chromium whose viewport has the given size in CSS pixels (at device pixel ratio 2). */
    public static ChromiumBrowser start(Dimension window) {
        File chromium = binary("CHROMIUM", "/usr/bin/chromium");
        File chromedriver = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
        Path profile = TempDirs.create("calor-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .withLogFile(profile.resolve("chromedriver.log").toFile())
                .build();
        // headless windows are at least 500 px wide, so a phone's viewport is emulated rather than sized
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium)
                .addArguments(FLAGS)
                .addArguments("--user-data-dir=" + profile.resolve("profile"), "--window-size=1024,1024");
        options.setExperimentalOption(
                "mobileEmulation",
                Map.of(
                        "deviceMetrics",
                        Map.of("width", window.getWidth(), "height", window.getHeight(), "pixelRatio", 2.0)));
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            LOG.info(
                    "chromium {} started (profile {})", driver.getCapabilities().getBrowserVersion(), profile);
            return new ChromiumBrowser(profile, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            TempDirs.deleteRecursively(profile);
            throw new IllegalStateException(
                    "chromium did not start; chromedriver log:\n"
                            + ServerProcess.tail(profile.resolve("chromedriver.log")),
                    e);
        }
    }

    /** The temporary directory holding the browser profile and the driver's log. */
    public Path profileDir() {
        return profile;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the visible page at {@code file} (parent directories are created) and returns it. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            LOG.info("screenshot saved to {}", file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the page logged to its console since the last call (warnings and errors help a failed test). */
    public List<String> consoleLog() {
        return driver.manage().logs().get("browser").getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            LOG.warn("chromium did not quit cleanly", e);
        } finally {
            service.stop();
            TempDirs.deleteRecursively(profile);
        }
    }

    private static File binary(String env, String fallback) {
        File file = new File(System.getenv().getOrDefault(env, fallback));
        if (!file.canExecute()) {
            throw new IllegalStateException(file
                    + " is missing: install Debian's chromium and chromium-driver (./calor test does) or set $" + env);
        }
        return file;
    }
}
