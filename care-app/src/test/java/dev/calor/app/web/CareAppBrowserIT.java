package dev.calor.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calor.testsupport.ChromiumBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The caregiver web app in a real headless Chromium against the real pipeline ({@link LivePipeline}): a
 * caregiver signs in, watches the temperature change live as the patch sends readings, sees the fever the
 * worker raises appear with its Acknowledge button, and acknowledges it. Screenshots land in {@code target/screenshots/}; {@code
 * patient-fever.png} is the README's picture of the app.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CareAppBrowserIT {

    static final Path SHOTS = Path.of("target", "screenshots");
    private static final Duration LIVE = Duration.ofSeconds(20);

    static LivePipeline pipeline;
    static ChromiumBrowser browser;
    static ChromeDriver driver;
    static Patch patch;

    @RegisterExtension
    final TestWatcher failureShot = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot(SHOTS.resolve(
                        "failed-" + context.getRequiredTestMethod().getName() + ".png"));
                browser.consoleLog().forEach(line -> System.err.println("browser console: " + line));
            }
        }
    };

    @BeforeAll
    static void start() {
        pipeline = LivePipeline.start();
        patch = pipeline.patch();
        browser = ChromiumBrowser.start();
        driver = browser.driver();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
        }
    }

    @Test
    @Order(1)
    void caregiverSignsInAndSeesTheTemperatureChangeLive() {
        // the last three minutes, normal: the history the fever rule's one-minute window needs
        patch.sendBacklog(35.9, Duration.ofMinutes(3), Duration.ofSeconds(10));
        driver.get(pipeline.url());
        visible(By.id("email")).sendKeys(LivePipeline.EMAIL);
        driver.findElement(By.id("password")).sendKeys(LivePipeline.PASSWORD);
        browser.screenshot(SHOTS.resolve("sign-in.png"));
        driver.findElement(By.id("sign-in")).click();

        WebElement card = visible(By.cssSelector("a.patient[data-patient='" + LivePipeline.PATIENT + "']"));
        assertThat(card.getText()).contains("Grandpa Joe");
        card.click();
        waitUntil(ExpectedConditions.textToBe(By.id("live-state"), "Live"));

        String first = waitForTemperature(null);
        patch.send(36.4);
        String second = waitForTemperature(first);
        assertThat(Double.parseDouble(second)).isGreaterThan(Double.parseDouble(first));
        assertThat(Integer.parseInt(driver.findElement(By.id("live-chart")).getAttribute("data-points")))
                .isGreaterThanOrEqualTo(2);
        waitUntil(d -> state().equals("normal"));
        browser.screenshot(SHOTS.resolve("patient-live.png"));
    }

    @Test
    @Order(2)
    void feverArrivesLiveWithAnAcknowledgeButtonAndAcknowledgingItReachesTheWorker() {
        driver.get(pipeline.url() + "#/patients/" + LivePipeline.PATIENT);
        waitUntil(ExpectedConditions.textToBe(By.id("live-state"), "Live"));
        String episode = feverEpisode();
        assertThat(episode).as("an Acknowledge button for the fever episode").isNotNull();
        // the episode opens with the early warning (rapid rise) and becomes a fever once it is sustained
        assertThat(sendFeverUntil(() -> state().equals("fever") || state().equals("high-fever")))
                .as("the patient shown in fever")
                .isTrue();
        assertThat(driver.findElement(By.id("alert-timeline")).getText()).containsAnyOf("Fever started", "Fever now");
        waitUntil(ExpectedConditions.not(ExpectedConditions.attributeContains(By.id("toast"), "class", "shown")));
        browser.screenshot(SHOTS.resolve("patient-fever.png"));

        waitUntil(ExpectedConditions.elementToBeClickable(By.cssSelector("button.ack[data-episode='" + episode + "']")))
                .click();
        // ACKNOWLEDGED is the worker's transition, read back from InfluxDB: the acknowledgement went all the way
        waitUntil(ExpectedConditions.attributeToBe(
                By.cssSelector("li.episode[data-episode='" + episode + "']"), "data-acknowledged", "yes"));
        assertThat(driver.findElement(By.id("open-episodes")).getText()).contains("Acknowledged by you");
        assertThat(driver.findElements(By.cssSelector("button.ack"))).isEmpty();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("alert-timeline"), "Fever acknowledged"));
        browser.screenshot(SHOTS.resolve("patient-acknowledged.png"));
    }

    /**
     * The patch sends skin 37.6 °C (a core estimate above 38 °C) every half second until the worker's fever
     * episode shows up live with an Acknowledge button; returns its episode id, null after 90 s.
     */
    private static String feverEpisode() {
        String[] episode = new String[1];
        sendFeverUntil(() -> {
            episode[0] = (String)
                    driver.executeScript("return document.querySelector('button.ack')?.dataset.episode ?? null");
            return episode[0] != null;
        });
        return episode[0];
    }

    /** Keeps the patch in fever (one reading every half second) until {@code done}; false after 90 s. */
    private static boolean sendFeverUntil(java.util.function.BooleanSupplier done) {
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (done.getAsBoolean()) {
                            return true;
                        }
                        patch.send(37.6);
                        return false;
                    });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Waits until the big temperature shows a value other than {@code previous}; returns it. */
    private static String waitForTemperature(String previous) {
        By current = By.id("current-temp");
        waitUntil(d -> {
            String value = d.findElement(current).getAttribute("data-value");
            return value != null && !value.isEmpty() && !value.equals(previous);
        });
        return driver.findElement(current).getAttribute("data-value");
    }

    private static String state() {
        return driver.findElement(By.cssSelector("#state .badge")).getAttribute("data-state");
    }

    private static WebElement visible(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static <T> T waitUntil(java.util.function.Function<WebDriver, T> condition) {
        // the page re-renders a list when an event arrives: an element found a moment ago may be replaced
        return new WebDriverWait(driver, LIVE)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }
}
