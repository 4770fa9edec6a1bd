package dev.calor.broker.ratelimit;

import dev.calor.broker.config.RateLimits;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/** Per-device message and byte buckets. A publish passes only when both buckets have room. */
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
    private final ConcurrentMap<String, Buckets> devices = new ConcurrentHashMap<>();

    public DeviceRateLimiter(RateLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    public Verdict tryAcquire(String deviceId, int payloadBytes) {
        long now = nanoClock.getAsLong();
        if (devices.size() > MAX_TRACKED_DEVICES) {
            devices.clear();
        }
        Buckets b = devices.computeIfAbsent(
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
        devices.remove(deviceId);
    }
}
