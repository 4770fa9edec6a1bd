package dev.calor.broker.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calor.broker.ratelimit.TokenBucket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security audit trail, on named event loggers operators can route and grep:
 *
 * <ul>
 *   <li>{@code calor.audit.authentication-accepted}: every accepted CONNECT;
 *   <li>{@code calor.audit.authentication-refused}: every refused CONNECT;
 *   <li>{@code calor.audit.authorization-refused}: every refused publish, subscription or will.
 * </ul>
 *
 * Each line names the identity (or the user name presented), client id, remote address and reason.
 * Refusals are rate-limited per client id and address ({@value #LINES_PER_MINUTE} a minute, burst
 * {@value #BURST}); what is held back is counted and the count is reported on the next line that passes.
 */
public final class AuditLog {

    static final int LINES_PER_MINUTE = 10;
    static final int BURST = 20;

    private static final Logger ACCEPTED = LoggerFactory.getLogger("calor.audit.authentication-accepted");
    private static final Logger REFUSED = LoggerFactory.getLogger("calor.audit.authentication-refused");
    private static final Logger DENIED = LoggerFactory.getLogger("calor.audit.authorization-refused");

    private record Budget(TokenBucket bucket, AtomicLong held) {}

    private final LongSupplier nanoClock;
    private final Cache<String, Budget> budgets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(5))
            .build();
    private final AtomicLong suppressed = new AtomicLong();

    public AuditLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public void authenticated(String identity, String role, String clientId, Optional<InetAddress> from, String how) {
        ACCEPTED.info(
                "identity={} role={} client-id={} remote={} method={}", identity, role, clientId, addr(from), how);
    }

    public void authenticationRefused(String presented, String clientId, Optional<InetAddress> from, String reason) {
        long held = admit(clientId, from);
        if (held >= 0) {
            REFUSED.info(
                    "identity={} client-id={} remote={} reason=\"{}\"{}",
                    presented,
                    clientId,
                    addr(from),
                    reason,
                    heldBack(held));
        }
    }

    public void authorizationRefused(
            String identity, String clientId, Optional<InetAddress> from, String action, String topic, String reason) {
        long held = admit(clientId, from);
        if (held >= 0) {
            DENIED.info(
                    "identity={} client-id={} remote={} action={} topic={} reason=\"{}\"{}",
                    identity,
                    clientId,
                    addr(from),
                    action,
                    topic,
                    reason,
                    heldBack(held));
        }
    }

    /** Refusal lines not written because of the per-client limit, since start. */
    public long suppressed() {
        return suppressed.get();
    }

    /** How many lines were held back before this one, or -1 when this one is held back too. */
    private long admit(String clientId, Optional<InetAddress> from) {
        long now = nanoClock.getAsLong();
        Budget b = budgets.get(
                clientId + "|" + addr(from),
                k -> new Budget(new TokenBucket(LINES_PER_MINUTE / 60.0, BURST, now), new AtomicLong()));
        if (b.bucket().tryTake(1, now)) {
            return b.held().getAndSet(0);
        }
        b.held().incrementAndGet();
        suppressed.incrementAndGet();
        return -1;
    }

    private static String heldBack(long held) {
        return held == 0 ? "" : " (" + held + " similar lines held back)";
    }

    private static String addr(Optional<InetAddress> from) {
        return from.map(InetAddress::getHostAddress).orElse("-");
    }
}
