package dev.calor.broker.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code hmac-sha256$<salt>$<tag>}, tag = HMAC-SHA256 keyed with a random per-entry salt over the secret.
 * For machine-generated secrets of at least 128 random bits (devices, workers): guessing such a secret
 * from a leaked file is infeasible however fast the hash, so a slow hash would only cost the broker CPU
 * in a reconnect storm. Never use it for a secret a person chose.
 */
final class KeyedSecretHash implements SecretScheme {

    static final String NAME = "hmac-sha256";
    private static final int SALT_BYTES = 16;

    @Override
    public String name() {
        return NAME;
    }

    String hash(byte[] secret, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return NAME + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(tag(salt, secret));
    }

    @Override
    public boolean verify(byte[] secret, String encoded) {
        String[] parts = encoded.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        return MessageDigest.isEqual(Base64.getDecoder().decode(parts[2]), tag(salt, secret));
    }

    @Override
    public String problemWith(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 3) {
            return "secret hash must look like " + NAME + "$<salt>$<tag>";
        }
        try {
            if (Base64.getDecoder().decode(parts[1]).length < 8) {
                return "secret hash salt is shorter than 8 bytes";
            }
            if (Base64.getDecoder().decode(parts[2]).length != 32) {
                return "secret hash tag must be 32 bytes";
            }
        } catch (IllegalArgumentException e) {
            return "secret hash is malformed: " + e.getMessage();
        }
        return null;
    }

    @Override
    public boolean fast() {
        return true;
    }

    private static byte[] tag(byte[] salt, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
