package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.time.Duration;

/**
 * How CONNECTs are verified.
 *
 * @param refusalDelay every refused credential (unknown user, wrong secret, disabled user, bad token) is
 *     answered this long after the CONNECT arrived, so the answer's timing tells nothing about the user
 * @param verifyTimeout a CONNECT still waiting for a slow hash after this is refused (0x89) and its hash
 *     is never computed
 * @param slowVerifyThreads threads for slow (Argon2id / PBKDF2) verifications; fast ones never wait for them
 * @param slowVerifyQueue slow verifications waiting at most; more are refused at once (0x89)
 * @param maxClientIdLength the longest client id accepted
 */
public record AuthConfig(
        Duration refusalDelay,
        Duration verifyTimeout,
        int slowVerifyThreads,
        int slowVerifyQueue,
        int maxClientIdLength) {

    public static final Duration DEFAULT_REFUSAL_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_VERIFY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_SLOW_VERIFY_THREADS = 2;
    public static final int DEFAULT_SLOW_VERIFY_QUEUE = 1000;
    public static final int DEFAULT_MAX_CLIENT_ID_LENGTH = 128;

    public AuthConfig {
        if (refusalDelay.isNegative() || verifyTimeout.compareTo(refusalDelay) <= 0) {
            throw new IllegalArgumentException("refusal delay must be ≥ 0 and shorter than the verify timeout");
        }
        if (slowVerifyThreads < 1 || slowVerifyQueue < 1 || maxClientIdLength < 1 || maxClientIdLength > 65535) {
            throw new IllegalArgumentException("authentication limits out of range");
        }
    }

    public static AuthConfig defaults() {
        return new AuthConfig(
                DEFAULT_REFUSAL_DELAY,
                DEFAULT_VERIFY_TIMEOUT,
                DEFAULT_SLOW_VERIFY_THREADS,
                DEFAULT_SLOW_VERIFY_QUEUE,
                DEFAULT_MAX_CLIENT_ID_LENGTH);
    }

    public AuthConfig withRefusalDelay(Duration delay) {
        return new AuthConfig(delay, verifyTimeout, slowVerifyThreads, slowVerifyQueue, maxClientIdLength);
    }

    static AuthConfig read(ConfigNode n) {
        Duration delay = n.duration("refusal-delay", DEFAULT_REFUSAL_DELAY, Duration.ZERO, Duration.ofSeconds(30));
        Duration timeout =
                n.duration("verify-timeout", DEFAULT_VERIFY_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(5));
        int threads = n.integer("slow-verify-threads", DEFAULT_SLOW_VERIFY_THREADS, 1, 256);
        int queue = n.integer("slow-verify-queue", DEFAULT_SLOW_VERIFY_QUEUE, 1, 1_000_000);
        int maxId = n.integer("max-client-id-length", DEFAULT_MAX_CLIENT_ID_LENGTH, 1, 65535);
        if (timeout.compareTo(delay) <= 0) {
            n.problem("verify-timeout", "must be longer than refusal-delay");
            return defaults();
        }
        return new AuthConfig(delay, timeout, threads, queue, maxId);
    }
}
