package dev.calor.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuditLogTest {

    private static final Optional<InetAddress> FROM = Optional.of(InetAddress.getLoopbackAddress());
    private static final List<String> LOGGERS = List.of(
            "calor.audit.authentication-accepted",
            "calor.audit.authentication-refused",
            "calor.audit.authorization-refused");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AuditLog audit = new AuditLog(nanos::get);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureAuditLoggers() {
        lines.start();
        LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).addAppender(lines));
    }

    @AfterEach
    void release() {
        LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).detachAppender(lines));
    }

    @Test
    void everyLineNamesIdentityClientIdRemoteAddressAndReasonOnItsOwnEventLogger() {
        audit.authenticated("patch-0001", "DEVICE", "patch-0001/bridge-a", FROM, "password");
        audit.authenticationRefused("mallory", "mallory/x", FROM, "BAD_USER_NAME_OR_PASSWORD: unknown user");
        audit.authorizationRefused(
                "patch-0001", "patch-0001/bridge-a", FROM, "publish", "calor/v1/ingest/3/patch-0001", "not-authorized");

        assertThat(lines.list).extracting(ILoggingEvent::getLoggerName).containsExactlyElementsOf(LOGGERS);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("identity=patch-0001 role=DEVICE client-id=patch-0001/bridge-a remote=127.0.0.1"
                        + " method=password");
        assertThat(lines.list.get(1).getFormattedMessage())
                .isEqualTo("identity=mallory client-id=mallory/x remote=127.0.0.1"
                        + " reason=\"BAD_USER_NAME_OR_PASSWORD: unknown user\"");
        assertThat(lines.list.get(2).getFormattedMessage())
                .isEqualTo("identity=patch-0001 client-id=patch-0001/bridge-a remote=127.0.0.1 action=publish"
                        + " topic=calor/v1/ingest/3/patch-0001 reason=\"not-authorized\"");
    }

    @Test
    void refusalsOfOneClientAreLimitedToTheBurstAndTheHeldBackCountIsReportedOnTheNextLine() {
        for (int i = 0; i < AuditLog.BURST + 15; i++) {
            audit.authenticationRefused("mallory", "mallory/flood", FROM, "wrong secret");
        }
        assertThat(lines.list).hasSize(AuditLog.BURST);
        assertThat(audit.suppressed()).isEqualTo(15);

        // 10 lines a minute: one more line may pass about 6 s later, and it says what was held back
        nanos.addAndGet(Duration.ofSeconds(7).toNanos());
        audit.authorizationRefused("mallory", "mallory/flood", FROM, "subscribe", "calor/v1/dlq/+", "not-authorized");
        audit.authenticationRefused("mallory", "mallory/flood", FROM, "wrong secret");

        assertThat(lines.list).hasSize(AuditLog.BURST + 1);
        assertThat(lines.list.get(AuditLog.BURST).getFormattedMessage())
                .startsWith("identity=mallory client-id=mallory/flood remote=127.0.0.1 action=subscribe")
                .endsWith("(15 similar lines held back)");
        assertThat(audit.suppressed()).isEqualTo(16);
    }

    @Test
    void oneFloodingClientDoesNotSilenceTheRefusalsOfAnother() {
        for (int i = 0; i < 100; i++) {
            audit.authenticationRefused("mallory", "mallory/flood", FROM, "wrong secret");
        }
        audit.authenticationRefused("patch-0002", "patch-0002/bridge-b", FROM, "user disabled");

        assertThat(lines.list).hasSize(AuditLog.BURST + 1);
        assertThat(lines.list.get(AuditLog.BURST).getFormattedMessage())
                .isEqualTo("identity=patch-0002 client-id=patch-0002/bridge-b remote=127.0.0.1"
                        + " reason=\"user disabled\"");
        assertThat(audit.suppressed()).isEqualTo(100 - AuditLog.BURST);
    }

    @Test
    void acceptedLoginsAreNeverLimited() {
        for (int i = 0; i < 100; i++) {
            audit.authenticated("patch-0001", "DEVICE", "patch-0001", FROM, "password");
        }
        assertThat(lines.list).hasSize(100);
        assertThat(audit.suppressed()).isZero();
    }
}
