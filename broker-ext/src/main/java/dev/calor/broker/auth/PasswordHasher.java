package dev.calor.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes with the JDK's PBKDF2-HMAC-SHA256, encoded as
 * {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>} so the cost can rise without invalidating
 * existing entries.
 */
public final class PasswordHasher {

    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    public static final int MIN_ITERATIONS = 1000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random;

    public PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    public PasswordHasher() {
        this(new SecureRandom());
    }

    public String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("at least " + MIN_ITERATIONS + " iterations");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code encoded}; false (never an exception) for a malformed hash. */
    public static boolean verify(byte[] password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
            try {
                return MessageDigest.isEqual(expected, pbkdf2(chars, salt, iterations));
            } finally {
                Arrays.fill(chars, '\0');
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A problem with an encoded hash, or null if it is well formed. */
    public static String problemWith(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return "password hash is missing";
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return "password hash must look like " + SCHEME
                    + "$<iterations>$<salt>$<hash> (use ./calor broker hash-password)";
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < MIN_ITERATIONS) {
                return "password hash uses fewer than " + MIN_ITERATIONS + " iterations";
            }
            if (Base64.getDecoder().decode(parts[2]).length < 8) {
                return "password hash salt is shorter than 8 bytes";
            }
            Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return "password hash is malformed: " + e.getMessage();
        }
        return null;
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(spec)
                        .getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }
}
