package dev.calor.broker.it;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A HiveMQ that knows nothing of Calor except its extensions folder, as a standalone installation would:
 * {@code StandaloneHiveMq <home> <port>} with the unzipped extension in {@code <home>/extensions}. Run in
 * a child JVM whose class path holds HiveMQ only.
 */
public final class StandaloneHiveMq {

    private StandaloneHiveMq() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(
                home.resolve("conf/config.xml"),
                "<hivemq><listeners><tcp-listener><port>" + port
                        + "</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>"
                        + "<persistence><mode>in-memory</mode></persistence>"
                        + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>");
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .build();
        hivemq.start().join();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> hivemq.stop().join()));
        forever.await();
    }
}
