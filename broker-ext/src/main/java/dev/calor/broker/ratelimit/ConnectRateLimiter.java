package dev.calor.broker.ratelimit;

import java.util.function.LongSupplier;

/** A broker-wide bucket for CONNECT attempts, so a reconnect storm is spread out instead of served at once. */
public final class ConnectRateLimiter {

    private final TokenBucket bucket;
    private final LongSupplier nanoClock;

    public ConnectRateLimiter(double perSecond, long burst, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.bucket = new TokenBucket(perSecond, burst, nanoClock.getAsLong());
    }

    public boolean tryAcquire() {
        return bucket.tryTake(1, nanoClock.getAsLong());
    }
}
