package dev.calor.e2e.bench;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE as Calor embeds it (same version, file persistence, a subscriber queue of 100 000 messages as the
 * benchmark's Calor broker has; HiveMQ's default of 1 000 discards what a busy subscriber has not taken yet),
 * without the Calor extension: {@code PlainHiveMqMain <home> <port>}. A baseline of the benchmark, run as a process of its own; anonymous
 * clients may publish and subscribe anywhere. Stops on SIGTERM.
 */
public final class PlainHiveMqMain {

    private PlainHiveMqMain() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("extensions"));
        Files.createDirectories(home.resolve("data"));
        Files.writeString(
                home.resolve("conf/config.xml"),
                """
                <hivemq>
                  <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                  <persistence><mode>file</mode></persistence>
                  <mqtt><queued-messages><max-queue-size>100000</max-queue-size></queued-messages></mqtt>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """
                        .formatted(port),
                StandardCharsets.UTF_8);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .build();
        try {
            hivemq.start().join();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(PlainHiveMqMain.class).error("HiveMQ CE did not start", e);
            // HiveMQ's own threads would keep a broker that failed to start alive
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> hivemq.stop().join()));
        new CountDownLatch(1).await();
    }
}
