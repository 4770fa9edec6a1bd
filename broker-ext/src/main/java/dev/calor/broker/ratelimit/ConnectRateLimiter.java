package dev.calor.broker.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calor.broker.config.RateLimits;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * CONNECT buckets: one per source address, then one for the broker. The address bucket is asked first,
 * so a flooding host exhausts only its own bucket; a bucket idle for ten minutes is forgotten (it would
 * be full again by then), and at most {@value #MAX_ADDRESSES} addresses are tracked (least recently used
 * evicted, which only ever gives an address a full bucket).
 */
public final class ConnectRateLimiter {

    /** Why a CONNECT was not admitted. */
    public enum Verdict {
        ALLOWED,
        ADDRESS_LIMITED,
        BROKER_LIMITED
    }

    static final long MAX_ADDRESSES = 1_000_000;

    private final RateLimits limits;
    private final LongSupplier nanoClock;
    private final TokenBucket broker;
    private final Cache<InetAddress, TokenBucket> addresses = Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    public ConnectRateLimiter(RateLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.broker = new TokenBucket(limits.connectsPerSecond(), limits.connectBurst(), nanoClock.getAsLong());
    }

    public Verdict tryAcquire(InetAddress source) {
        long now = nanoClock.getAsLong();
        if (source != null) {
            TokenBucket own = addresses.get(
                    source,
                    a -> new TokenBucket(limits.connectsPerSecondPerAddress(), limits.connectBurstPerAddress(), now));
            if (!own.tryTake(1, now)) {
                return Verdict.ADDRESS_LIMITED;
            }
        }
        return broker.tryTake(1, now) ? Verdict.ALLOWED : Verdict.BROKER_LIMITED;
    }
}
