package dev.calor.broker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.broker.config.RateLimits;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsBurstThenRefillsAtRate() {
        TokenBucket bucket = new TokenBucket(2, 5, 0);
        int taken = 0;
        while (bucket.tryTake(1, 0)) {
            taken++;
        }
        assertThat(taken).isEqualTo(5);
        assertThat(bucket.tryTake(1, SECOND / 4)).isFalse();
        assertThat(bucket.tryTake(1, SECOND / 2)).isTrue();
        assertThat(bucket.tryTake(1, SECOND / 2)).isFalse();
    }

    @Test
    void neverHoldsMoreThanCapacity() {
        TokenBucket bucket = new TokenBucket(100, 3, 0);
        assertThat(bucket.available(3600 * SECOND)).isEqualTo(3.0);
    }

    @Test
    void takesNothingWhenRequestExceedsTokens() {
        TokenBucket bucket = new TokenBucket(1, 10, 0);
        assertThat(bucket.tryTake(11, 0)).isFalse();
        assertThat(bucket.available(0)).isEqualTo(10.0);
    }

    @Test
    void deviceLimiterSeparatesDevicesAndChecksBytes() {
        AtomicLong now = new AtomicLong();
        DeviceRateLimiter limiter = new DeviceRateLimiter(new RateLimits(1, 2, 1000, 1500, 10, 10), now::get);
        assertThat(limiter.tryAcquire("a", 100)).isEqualTo(DeviceRateLimiter.Verdict.ALLOWED);
        assertThat(limiter.tryAcquire("a", 100)).isEqualTo(DeviceRateLimiter.Verdict.ALLOWED);
        assertThat(limiter.tryAcquire("a", 100)).isEqualTo(DeviceRateLimiter.Verdict.TOO_MANY_MESSAGES);
        assertThat(limiter.tryAcquire("b", 1400)).isEqualTo(DeviceRateLimiter.Verdict.ALLOWED);
        assertThat(limiter.tryAcquire("b", 200)).isEqualTo(DeviceRateLimiter.Verdict.TOO_MANY_BYTES);
        now.addAndGet(SECOND);
        assertThat(limiter.tryAcquire("a", 100)).isEqualTo(DeviceRateLimiter.Verdict.ALLOWED);
    }

    @Test
    void connectLimiterSpreadsAStorm() {
        AtomicLong now = new AtomicLong();
        ConnectRateLimiter limiter = new ConnectRateLimiter(new RateLimits(1, 1, 1, 1, 10, 20, 1000, 1000), now::get);
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(address(i)) == ConnectRateLimiter.Verdict.ALLOWED) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(20);
        now.addAndGet(SECOND);
        int next = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(address(i)) == ConnectRateLimiter.Verdict.ALLOWED) {
                next++;
            }
        }
        assertThat(next).isEqualTo(10);
    }

    @Test
    void oneFloodingAddressExhaustsOnlyItsOwnConnectBucket() {
        AtomicLong now = new AtomicLong();
        ConnectRateLimiter limiter = new ConnectRateLimiter(new RateLimits(1, 1, 1, 1, 1000, 1000, 5, 10), now::get);
        int flooder = 0;
        for (int i = 0; i < 500; i++) {
            if (limiter.tryAcquire(address(1)) == ConnectRateLimiter.Verdict.ALLOWED) {
                flooder++;
            }
        }
        assertThat(flooder).isEqualTo(10);
        assertThat(limiter.tryAcquire(address(1))).isEqualTo(ConnectRateLimiter.Verdict.ADDRESS_LIMITED);
        assertThat(limiter.tryAcquire(address(2))).isEqualTo(ConnectRateLimiter.Verdict.ALLOWED);
    }

    private static java.net.InetAddress address(int i) {
        try {
            return java.net.InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
