package dev.calor.edgebridge.testing;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.Persistence;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.testsupport.FreePorts;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded HiveMQ broker with the real Calor extension, on a fixed free port so it can be stopped and
 * started again at the same address; file persistence so the observer's queued messages survive a restart.
 */
public final class BrokerFixture implements AutoCloseable {

    public static final String PASSWORD_SUFFIX = "-secret";
    public static final String OBSERVER = "observer-worker";
    public static final String OBSERVER_PASSWORD = "observer-pw";

    private final BrokerConfig config;
    private CalorBroker broker;

    private BrokerFixture(BrokerConfig config) {
        this.config = config;
    }

    /** A broker that knows {@code devices} (password = id + {@value #PASSWORD_SUFFIX}) and the observer. */
    public static BrokerFixture start(Path dir, List<String> devices) {
        CredentialsFile.Builder creds = CredentialsFile.builder().worker(OBSERVER, OBSERVER_PASSWORD);
        devices.forEach(d -> creds.device(d, d + PASSWORD_SUFFIX));
        Path file = creds.write(dir.resolve("credentials.yaml"));
        BrokerConfig config = BrokerConfig.builder(dir.resolve("broker"), file)
                .port(FreePorts.next())
                .persistence(Persistence.FILE)
                .build();
        BrokerFixture fixture = new BrokerFixture(config);
        fixture.up();
        return fixture;
    }

    public int port() {
        return config.tcp().port();
    }

    public boolean isUp() {
        return broker != null;
    }

    public void up() {
        if (broker == null) {
            broker = CalorBroker.start(config);
        }
    }

    public void down() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public void restart() {
        down();
        up();
    }

    @Override
    public void close() {
        down();
    }
}
