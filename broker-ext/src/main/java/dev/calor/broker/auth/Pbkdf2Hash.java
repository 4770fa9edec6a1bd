package dev.calor.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: the format of Calor 0.1, still read. */
final class Pbkdf2Hash implements SecretScheme {

    static final String NAME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    @Override
    public String name() {
        return NAME;
    }

    String hash(char[] password, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return NAME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    @Override
    public boolean verify(byte[] secret, String encoded) {
        String[] parts = encoded.split("\\$");
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        char[] chars = new String(secret, StandardCharsets.UTF_8).toCharArray();
        try {
            return MessageDigest.isEqual(expected, pbkdf2(chars, salt, iterations));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public String problemWith(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4) {
            return "password hash must look like " + NAME + "$<iterations>$<salt>$<hash>";
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < PasswordHasher.MIN_ITERATIONS) {
                return "password hash uses fewer than " + PasswordHasher.MIN_ITERATIONS + " iterations";
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

    @Override
    public boolean fast() {
        return false;
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
