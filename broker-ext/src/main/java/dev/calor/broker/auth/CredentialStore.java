package dev.calor.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The current credentials plus a cache of successful verifications, so a reconnect storm does not pay
 * a slow hash per CONNECT. The cache key is the user name and an HMAC of the password under a key that
 * exists only in this process's memory. Replacing the credentials keeps only the verifications of users
 * whose entry (role and hash) is unchanged, so a changed or removed password stops working at the next
 * reload while a reload that adds one device does not make the whole fleet pay the slow hash again.
 */
public final class CredentialStore {

    private static final int MAX_CACHED = 200_000;

    private final AtomicReference<Snapshot> current;
    private final byte[] cacheKey = new byte[32];
    private final AtomicLong slowVerifications = new AtomicLong();

    private record Snapshot(Credentials credentials, Map<String, UserEntry> verified) {}

    public CredentialStore(Credentials initial) {
        new SecureRandom().nextBytes(cacheKey);
        this.current = new AtomicReference<>(new Snapshot(initial, new ConcurrentHashMap<>()));
    }

    /** Replaces the credentials, forgetting the cached verifications of every user whose entry changed. */
    public void replace(Credentials credentials) {
        Map<String, UserEntry> kept = new ConcurrentHashMap<>();
        current.get().verified().forEach((key, entry) -> {
            if (credentials.find(entry.username()).filter(entry::equals).isPresent()) {
                kept.put(key, entry);
            }
        });
        current.set(new Snapshot(credentials, kept));
    }

    public Credentials credentials() {
        return current.get().credentials();
    }

    public AuthResult authenticate(String username, byte[] password) {
        Snapshot snap = current.get();
        var entry = snap.credentials().find(username);
        if (entry.isEmpty()) {
            return AuthResult.refused(AuthResult.Outcome.UNKNOWN_USER);
        }
        String key = username + '\0' + digest(password);
        UserEntry cached = snap.verified().get(key);
        if (cached != null) {
            return AuthResult.accepted(cached);
        }
        slowVerifications.incrementAndGet();
        if (!PasswordHasher.verify(password, entry.get().passwordHash())) {
            return AuthResult.refused(AuthResult.Outcome.WRONG_PASSWORD);
        }
        if (snap.verified().size() >= MAX_CACHED) {
            snap.verified().clear();
        }
        snap.verified().put(key, entry.get());
        return AuthResult.accepted(entry.get());
    }

    /** How many verifications paid the slow hash (cache misses), for tests and metrics. */
    public long slowVerifications() {
        return slowVerifications.get();
    }

    private String digest(byte[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
