package dev.calor.broker.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calor.broker.config.RateLimits;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Per-device message and byte buckets. A publish passes only when both buckets have room. Buckets live in
 * a bounded cache: one idle longer than it takes to refill is forgotten (it would be full again anyway),
 * so eviction never hands a throttled device a fresh bucket early.
 */
public final class DeviceRateLimiter {

    /** Why a publish was throttled. */
    public enum Verdict {
        ALLOWED,
        TOO_MANY_MESSAGES,
        TOO_MANY_BYTES
    }

    private record Buckets(TokenBucket messages, TokenBucket bytes) {}

    private static final int MAX_TRACKED_DEVICES = 1_000_000;

    private final RateLimits limits;
    private final LongSupplier nanoClock;
    private final Cache<String, Buckets> devices;

    public DeviceRateLimiter(RateLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        double refillSeconds = Math.max(
                limits.messageBurst() / limits.messagesPerSecond(), limits.byteBurst() / limits.bytesPerSecond());
        this.devices = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED_DEVICES)
                .expireAfterAccess(Duration.ofMillis((long) Math.min(refillSeconds * 1000 + 1000, 86_400_000L)))
                .build();
    }

    public Verdict tryAcquire(String deviceId, int payloadBytes) {
        long now = nanoClock.getAsLong();
        Buckets b = devices.get(
                deviceId,
                id -> new Buckets(
                        new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), now),
                        new TokenBucket(limits.bytesPerSecond(), limits.byteBurst(), now)));
        if (!b.messages().tryTake(1, now)) {
            return Verdict.TOO_MANY_MESSAGES;
        }
        if (!b.bytes().tryTake(payloadBytes, now)) {
            b.messages().giveBack(1);
            return Verdict.TOO_MANY_BYTES;
        }
        return Verdict.ALLOWED;
    }

    /** Forgets a device's buckets (its next publish starts with full buckets). */
    public void forget(String deviceId) {
        devices.invalidate(deviceId);
    }
}
