package dev.calor.broker.ratelimit;

/**
 * A token bucket: {@code capacity} tokens, refilled continuously at {@code ratePerSecond}. Time comes
 * from the caller (nanoseconds of a monotonic clock), so the logic is deterministic under test.
 */
public final class TokenBucket {

    private final double capacity;
    private final double ratePerNano;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, long capacity, long nowNanos) {
        if (!(ratePerSecond > 0) || capacity < 1) {
            throw new IllegalArgumentException("rate and capacity must be positive");
        }
        this.capacity = capacity;
        this.ratePerNano = ratePerSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code amount} tokens if they are all there; takes nothing otherwise. */
    public synchronized boolean tryTake(long amount, long nowNanos) {
        refill(nowNanos);
        if (amount <= tokens) {
            tokens -= amount;
            return true;
        }
        return false;
    }

    /** Returns tokens taken by a request that was then refused for another reason. */
    public synchronized void giveBack(long amount) {
        tokens = Math.min(capacity, tokens + amount);
    }

    public synchronized double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
