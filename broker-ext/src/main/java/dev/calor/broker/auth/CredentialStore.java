package dev.calor.broker.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The current credentials plus a bounded cache (Caffeine, least recently used evicted) of successful
 * slow verifications, so a reconnect storm does not pay a slow hash per CONNECT. The cache key is the
 * user name and an HMAC of the secret under a key that exists only in this process's memory. Replacing the
 * credentials forgets the verifications of every user whose entry changed.
 *
 * <p>{@link #tryFast} answers everything that costs microseconds (unknown or disabled users, keyed
 * hashes, cache hits); only what it leaves open goes to {@link #verifySlow}, on another thread.
 */
public final class CredentialStore {

    static final long MAX_CACHED = 200_000;

    private final AtomicReference<Credentials> current;
    private final Cache<String, UserEntry> verified =
            Caffeine.newBuilder().maximumSize(MAX_CACHED).build();
    private final byte[] cacheKey = new byte[32];
    private final AtomicLong slowVerifications = new AtomicLong();

    public CredentialStore(Credentials initial) {
        new SecureRandom().nextBytes(cacheKey);
        this.current = new AtomicReference<>(initial);
    }

    /** Replaces the credentials, forgetting the cached verifications of every user whose entry changed. */
    public void replace(Credentials credentials) {
        current.set(credentials);
        verified.asMap().entrySet().removeIf(e -> credentials
                .find(e.getValue().username())
                .filter(e.getValue()::equals)
                .isEmpty());
    }

    public Credentials credentials() {
        return current.get();
    }

    /** The enabled entry of {@code username}, if there is one. */
    public Optional<UserEntry> enabledUser(String username) {
        return current.get().find(username).filter(UserEntry::enabled);
    }

    /** The answer when it costs no slow hash; empty when {@link #verifySlow} must decide. */
    public Optional<AuthResult> tryFast(String username, byte[] secret) {
        Optional<UserEntry> entry = current.get().find(username);
        if (entry.isEmpty()) {
            return Optional.of(AuthResult.refused(AuthResult.Outcome.UNKNOWN_USER));
        }
        if (!entry.get().enabled()) {
            return Optional.of(AuthResult.refused(AuthResult.Outcome.DISABLED));
        }
        String hash = entry.get().passwordHash();
        if (PasswordHasher.isFast(hash)) {
            return Optional.of(
                    PasswordHasher.verify(secret, hash)
                            ? AuthResult.accepted(entry.get())
                            : AuthResult.refused(AuthResult.Outcome.WRONG_PASSWORD));
        }
        UserEntry cached = verified.getIfPresent(cacheKey(username, secret));
        if (cached != null && cached.equals(entry.get())) {
            return Optional.of(AuthResult.accepted(cached));
        }
        return Optional.empty();
    }

    /** The full check, paying the slow hash when needed; caches a success. */
    public AuthResult verifySlow(String username, byte[] secret) {
        Optional<AuthResult> fast = tryFast(username, secret);
        if (fast.isPresent()) {
            return fast.get();
        }
        UserEntry entry = current.get().find(username).orElseThrow();
        slowVerifications.incrementAndGet();
        if (!PasswordHasher.verify(secret, entry.passwordHash())) {
            return AuthResult.refused(AuthResult.Outcome.WRONG_PASSWORD);
        }
        if (current.get().find(username).filter(entry::equals).isPresent()) {
            verified.put(cacheKey(username, secret), entry);
        }
        return AuthResult.accepted(entry);
    }

    /** Both paths in one call, on the caller's thread (tools and tests). */
    public AuthResult authenticate(String username, byte[] secret) {
        return verifySlow(username, secret);
    }

    /** How many verifications paid the slow hash (cache misses), for tests and metrics. */
    public long slowVerifications() {
        return slowVerifications.get();
    }

    private String cacheKey(String username, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return username + '\0' + Base64.getEncoder().encodeToString(mac.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
